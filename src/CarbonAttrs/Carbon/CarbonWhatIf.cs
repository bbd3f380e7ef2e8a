namespace CarbonAttrs;

/// <summary>
/// The same energy's emissions in the lowest- and highest-intensity places of the table (and where it
/// actually ran), for reports such as "moving this job to X would emit N× less".
/// </summary>
public sealed class CarbonWhatIf
{
    internal CarbonWhatIf(double energyKwh, CarbonIntensityEntry lowest, CarbonIntensityEntry highest, CarbonIntensity? current)
    {
        EnergyKwh = energyKwh;
        Lowest = lowest;
        Highest = highest;
        Current = current;
    }

    /// <summary>The energy compared, in kWh (after PUE).</summary>
    public double EnergyKwh { get; }

    /// <summary>The place of the table with the lowest intensity.</summary>
    public CarbonIntensityEntry Lowest { get; }

    /// <summary>The place of the table with the highest intensity.</summary>
    public CarbonIntensityEntry Highest { get; }

    /// <summary>The intensity actually applied, when given.</summary>
    public CarbonIntensity? Current { get; }

    /// <summary>kg CO2eq of <see cref="EnergyKwh"/> at <see cref="Lowest"/>.</summary>
    public double LowestEmissionsKg => EnergyKwh * Lowest.GramsPerKwh / 1000.0;

    /// <summary>kg CO2eq of <see cref="EnergyKwh"/> at <see cref="Highest"/>.</summary>
    public double HighestEmissionsKg => EnergyKwh * Highest.GramsPerKwh / 1000.0;

    /// <summary>kg CO2eq at the applied intensity; null when none was given.</summary>
    public double? CurrentEmissionsKg => Current is null ? null : EnergyKwh * Current.GramsPerKwh / 1000.0;

    /// <summary>How many times less the job would emit at <see cref="Lowest"/> than where it ran (null without <see cref="Current"/>).</summary>
    public double? TimesLessAtLowest => Current is null || Lowest.GramsPerKwh <= 0 ? null : Current.GramsPerKwh / Lowest.GramsPerKwh;

    /// <summary>How many times more the highest-intensity place emits than the lowest.</summary>
    public double HighestOverLowest => Lowest.GramsPerKwh <= 0 ? double.PositiveInfinity : Highest.GramsPerKwh / Lowest.GramsPerKwh;
}
