using System.Text;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>The paper-ready "energy and carbon statement": one paragraph of plain text with every source named.</summary>
internal static class EnergyStatement
{
    public static string Write(ReportModel model)
    {
        var t = model.Totals;
        var sb = new StringBuilder();
        var hardware = t.Hardware.Count > 0 ? string.Join("; ", t.Hardware) : "hardware not recorded";
        sb.Append($"The experiments ran on {hardware}");
        sb.Append($". They took {Units.Duration(t.WallSeconds)} of wall-clock time ({Units.Duration(t.ComputeSeconds)} summed over {t.CountedRuns} tracked run{(t.CountedRuns == 1 ? "" : "s")}) ");
        sb.Append($"and consumed {Units.Energy(t.EnergyKwh)} of electricity");
        var parts = new List<string>();
        if (t.CpuKwh > 0) parts.Add($"CPU {Units.Energy(t.CpuKwh)}, {Sources(t.CpuSources)}");
        if (t.GpuKwh > 0) parts.Add($"GPU {Units.Energy(t.GpuKwh)}, {Sources(t.GpuSources)}");
        if (t.RamKwh > 0) parts.Add($"RAM {Units.Energy(t.RamKwh)}, {Sources(t.RamSources)}");
        if (parts.Count > 0) sb.Append(" (").Append(string.Join("; ", parts)).Append(')');
        sb.Append($", including a data-centre power usage effectiveness (PUE) of {string.Join(" / ", t.PueValues.Select(Units.Number))}");
        sb.Append(t.PueValues.All(p => p == 1.0) ? " (no facility overhead assumed)" : "");
        sb.Append(". ");
        if (t.IntensityGramsPerKwh is { } intensity)
            sb.Append($"At an average grid carbon intensity of {Units.Intensity(intensity)} ({Sources(t.IntensitySources)}), this corresponds to {Units.Co2(t.EmissionsKg)}. ");
        else
            sb.Append($"This corresponds to {Units.Co2(t.EmissionsKg)}. ");
        sb.Append($"At a social cost of carbon of {SocialCostOfCarbon.Usd(model.SocialCost.UsdPerTonne)} per tonne ({model.SocialCost.Source}), these emissions carry a social cost of {model.SocialCost.Describe(t.EmissionsKg)}. ");
        if (t.Configurations > 0)
            sb.Append($"{t.Configurations} hyperparameter configuration{(t.Configurations == 1 ? " was" : "s were")} tried across {model.Sweeps.Count} sweep{(model.Sweeps.Count == 1 ? "" : "s")}. ");
        sb.Append(EfficiencyStatement.Sentence(model));
        sb.Append($"Energy was measured with {string.Join(" and ", t.Tools)}; the figures include every tracked run, with nested measurements counted once.");
        return sb.ToString();
    }

    private static string Sources(IReadOnlyList<string> sources) => sources.Count == 0 ? "source not recorded" : string.Join(", ", sources);
}
