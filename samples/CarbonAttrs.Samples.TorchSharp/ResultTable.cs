using System.Globalization;

namespace CarbonAttrs.Samples.TorchSharp;

/// <summary>The table printed at the end: one line per configuration, then the sweep's total.</summary>
internal static class ResultTable
{
    public static void Print(IReadOnlyList<ConfigResult> results, CarbonMeasurement? sweep, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(" #  lr      hidden  val. acc.  time (s)  energy (J)  CO2eq (mg)     FLOPs  samples  mJ/sample  energy source (per component)            CO2eq source");
        output.WriteLine("--  ------  ------  ---------  --------  ----------  ----------  --------  -------  ---------  ---------------------------------------  ------------------------");
        for (var i = 0; i < results.Count; i++)
        {
            var r = results[i];
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,2}  {1,-6}  {2,6}  {3,9:P1}  {4}",
                i + 1, r.LearningRate, r.HiddenUnits, r.Accuracy, Figures(r.Measurement)));
        }
        output.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-34}{1}", "    sweep total (one window)", Figures(sweep)));

        var best = results.OrderByDescending(r => r.Accuracy).FirstOrDefault();
        if (best is not null)
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "\nBest: lr {0}, hidden {1}: {2:P1} validation accuracy{3}.",
                best.LearningRate, best.HiddenUnits, best.Accuracy,
                best.Measurement is null ? "" : string.Format(CultureInfo.InvariantCulture, " for {0:F1} J", Joules(best.Measurement))));
        if (results.Any(r => r.Measurement is null))
            output.WriteLine("Some configurations were not measured: the CarbonAttrs generator did not intercept the [TrackEmissions] calls (is it referenced as an analyzer?).");
        else if (results.FirstOrDefault()?.Measurement is { } m)
            output.WriteLine(string.Format(CultureInfo.InvariantCulture,
                "Time is measured (monotonic clock). CO2eq = energy x PUE {0} x {1} g/kWh. Sources named 'estimated:*' are estimates, not meter readings.",
                m.Pue, m.Intensity.GramsPerKwh));
    }

    private static double Joules(CarbonMeasurement m) => m.ItJoules * m.Pue;

    private static string Figures(CarbonMeasurement? m)
    {
        if (m is null)
            return "       -           -           -         -        -          -  (not measured)";
        return string.Format(CultureInfo.InvariantCulture, "{0,8:F1}  {1,10:F1}  {2,10:F2}  {3,8}  {4,7}  {5,9}  {6,-39}  {7}",
            m.Duration.TotalSeconds, Joules(m), m.EmissionsKg * 1e6,
            m.Flops is { } flops ? flops.ToString("0.00e0", CultureInfo.InvariantCulture) : "-",
            m.Samples is { } samples ? samples.ToString(CultureInfo.InvariantCulture) : "-",
            m.Samples is > 0 ? (Joules(m) / m.Samples.Value * 1000).ToString("F3", CultureInfo.InvariantCulture) : "-",
            EnergySources(m), m.Intensity.Source);
    }

    private static string EnergySources(CarbonMeasurement m)
    {
        var parts = new List<string>();
        if (m.CpuSource != "none") parts.Add("cpu " + m.CpuSource);
        if (m.GpuSource != "none") parts.Add("gpu " + m.GpuSource);
        if (m.RamSource != "none") parts.Add("ram " + m.RamSource);
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
