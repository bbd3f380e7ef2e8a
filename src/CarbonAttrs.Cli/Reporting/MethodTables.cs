using System.Globalization;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>The per-method table, with one energy unit and one CO2 unit for the whole table (named in the headers).</summary>
internal static class MethodTables
{
    public static ReportTable Energy(ReportModel model)
    {
        var methods = model.Methods;
        var energy = ScaledUnit.Energy(methods.Select(m => m.EnergyKwh));
        var co2 = ScaledUnit.Co2(methods.Select(m => m.EmissionsKg));
        var table = new ReportTable("method", "rows", "calls", "failed", "median duration", "total duration",
            $"energy ({energy.Name})", $"CPU ({energy.Name})", $"GPU ({energy.Name})", $"RAM ({energy.Name})", $"CO2eq ({co2.Name.Replace(" CO2eq", "")})");
        foreach (var m in methods)
        {
            table.Add(Cell.Label(m.Method), Count(m.Rows), Count(m.Calls), Count(m.Failed),
                Cell.Figure(Units.Duration(m.MedianSeconds)), Cell.Figure(Units.Duration(m.TotalSeconds)),
                Cell.Figure(energy.Format(m.EnergyKwh)), Cell.Figure(energy.Format(m.CpuKwh)), Cell.Figure(energy.Format(m.GpuKwh)),
                Cell.Figure(energy.Format(m.RamKwh)), Cell.Figure(co2.Format(m.EmissionsKg)));
        }
        return table;
    }

    private static Cell Count(long value) => Cell.Figure(value.ToString(CultureInfo.InvariantCulture));
}
