using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Configuration;

/// <summary>
/// Checks settings made in code (<see cref="CarbonTracker.Configure"/>), which bypass the loader's parsing:
/// an impossible PUE or a negative forced intensity would write negative or empty energy and emissions.
/// Each bad value is reported once and replaced by the default.
/// </summary>
internal static class OptionsSanitizer
{
    public static void Sanitize(CarbonAttrsOptions options)
    {
        if (double.IsNaN(options.Pue) || double.IsInfinity(options.Pue) || options.Pue < 1.0)
        {
            TrackerLog.Warn("options-pue", $"PUE {options.Pue} is not possible (it is at least 1.0); 1.0 is used.");
            options.Pue = 1.0;
        }
        if (options.IntensityGramsPerKwh is { } g && (double.IsNaN(g) || double.IsInfinity(g) || g < 0))
        {
            TrackerLog.Warn("options-intensity", $"a forced grid intensity of {g} g/kWh is not possible; it is ignored and the intensity is looked up.");
            options.IntensityGramsPerKwh = null;
        }
        if (options.BudgetKgCO2e is { } kg && (double.IsNaN(kg) || double.IsInfinity(kg) || kg <= 0))
        {
            TrackerLog.Warn("options-budget", $"a carbon budget of {kg} kg CO2eq is not possible (it must be greater than 0); no budget is applied.");
            options.BudgetKgCO2e = null;
        }
        if (options.MaxRowsPerSecond < 0)
        {
            TrackerLog.Warn("options-max-rows", $"MaxRowsPerSecond {options.MaxRowsPerSecond} is not possible (0 turns the flood guard off); {CarbonAttrsOptions.DefaultMaxRowsPerSecond} is used.");
            options.MaxRowsPerSecond = CarbonAttrsOptions.DefaultMaxRowsPerSecond;
        }
    }
}
