using System.Globalization;
using CarbonAttrs.Footprint.Reporting;

namespace CarbonAttrs.Cli.Reporting;

/// <summary>The statement's sentence on computational cost: FLOPs and samples of the counted runs, where they were counted.</summary>
internal static class EfficiencyStatement
{
    /// <summary>A sentence ending in a space, or "" when no counted run recorded FLOPs or samples.</summary>
    public static string Sentence(ReportModel model)
    {
        var f = model.CountedEfficiency;
        if (!f.Known)
            return "";
        var parts = new List<string>();
        if (f.RunsWithFlops > 0)
            parts.Add($"performed {Flops(f.Flops, "FLOP")} ({f.Flops.ToString("0.##e0", CultureInfo.InvariantCulture)} floating-point operations, {Coverage(f.RunsWithFlops, f.Runs)}; counted as 2 per multiply-accumulate of the model's layers, 3 × the forward for training steps)");
        if (f.RunsWithSamples > 0)
            parts.Add($"processed {Units.Number(f.Samples)} samples ({Coverage(f.RunsWithSamples, f.Runs)})");
        var sentence = "The runs " + string.Join(" and ", parts);
        var ratios = new List<string>();
        if (f.JoulesPerSample is { } jps) ratios.Add($"{Joules(jps)} per sample");
        if (f.FlopsPerSample is { } fps) ratios.Add($"{Flops(fps, "FLOP")} per sample");
        if (f.JoulesPerTeraflop is { } jpt) ratios.Add($"{Units.Number(jpt)} J per TFLOP");
        if (f.FlopsPerSecond is { } rate) ratios.Add($"{Flops(rate, "FLOP/s")} achieved");
        return sentence + (ratios.Count > 0 ? ": " + string.Join(", ", ratios) : "") + ". ";
    }

    private static string Coverage(int known, int runs)
        => known == runs ? (runs == 1 ? "counted for the run" : $"counted for all {runs} runs") : $"counted for {known} of {runs} runs";

    /// <summary>A figure with an SI-prefixed unit: 1.2 GFLOP, 3.4 TFLOP/s.</summary>
    public static string Flops(double value, string unit) => ScaledUnit.Si(new[] { value }, unit).FormatWithName(value);

    private static string Joules(double joules)
    {
        var unit = ScaledUnit.Joules(new[] { joules });
        return unit.FormatWithName(joules);
    }
}
