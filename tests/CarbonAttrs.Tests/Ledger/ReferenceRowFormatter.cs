using System.Globalization;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.Tests.Ledger;

/// <summary>
/// The string-per-field row formatter the ledger used before it wrote UTF-8 in place, kept verbatim as the
/// reference the new formatter must match byte for byte.
/// </summary>
internal static class ReferenceRowFormatter
{
    public static string Format(CarbonMeasurement m, TrackerRuntime runtime)
    {
        var seconds = m.Duration.TotalSeconds;
        var pue = m.Pue;
        double Kwh(double joules) => joules * pue / 3.6e6;
        double Watts(double joules) => seconds > 0 ? joules / seconds : 0;
        var hw = runtime.Hardware;
        var intensity = m.Intensity;
        var cpuUtilisation = seconds > 0 && hw.LogicalCpuCount > 0 ? m.ProcessCpuSeconds / (seconds * hw.LogicalCpuCount) * 100 : 0;

        var fields = new[]
        {
            m.StartedAt.Add(m.Duration).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture),
            CsvFormat.Text(runtime.Context.ProjectName),
            m.RunId.ToString(),
            CsvFormat.Text(m.Experiment),
            Number(seconds),
            Number(m.EmissionsKg),
            Number(seconds > 0 ? m.EmissionsKg / seconds : 0),
            Number(Watts(m.CpuJoules)),
            Number(Watts(m.GpuJoules)),
            Number(Watts(m.RamJoules)),
            Number(Kwh(m.CpuJoules)),
            Number(Kwh(m.GpuJoules)),
            Number(Kwh(m.RamJoules)),
            Number(m.EnergyKwh),
            "", // water_consumed: no .NET meaning
            CsvFormat.Text(intensity.CountryName),
            CsvFormat.Text(intensity.CountryIsoCode),
            CsvFormat.Text(intensity.Region),
            CsvFormat.Text(intensity.CloudProvider),
            CsvFormat.Text(intensity.CloudRegion),
            CsvFormat.Text(hw.Os),
            "", // python_version
            "", // codecarbon_version
            hw.LogicalCpuCount.ToString(CultureInfo.InvariantCulture),
            CsvFormat.Text(hw.CpuModel),
            hw.GpuCount.ToString(CultureInfo.InvariantCulture),
            CsvFormat.Text(hw.GpuModel),
            "", // longitude
            "", // latitude
            Number(hw.RamTotalGb),
            runtime.Options.TrackingMode == TrackingMode.Machine ? "machine" : "process",
            Number(cpuUtilisation),
            m.GpuUtilizationPercent is { } gpu ? Number(gpu) : "",
            m.RamUsedGb is { } used && hw.RamTotalGb > 0 ? Number(used / hw.RamTotalGb * 100) : "",
            m.RamUsedGb is { } usedGb ? Number(usedGb) : "",
            intensity.CloudProvider is null ? "N" : "Y",
            Number(pue),
            "", // wue
            CsvFormat.Text(m.Name),
            m.Status.ToLedgerText(),
            m.ParentRunId?.ToString() ?? "",
            m.Calls.ToString(CultureInfo.InvariantCulture),
            CsvFormat.Text(HyperparameterJson.Write(m.Hyperparameters)),
            ResultField(m.Result),
            m.Flops is { } flops ? Number(flops) : "",
            m.Samples?.ToString(CultureInfo.InvariantCulture) ?? "",
            CsvFormat.Text(m.CpuSource),
            CsvFormat.Text(m.GpuSource),
            CsvFormat.Text(m.RamSource),
            Number(intensity.GramsPerKwh),
            CsvFormat.Text(intensity.Source),
            CsvFormat.Text(runtime.Context.Host),
            CsvFormat.Text(runtime.Context.Rank),
            CsvFormat.Text(runtime.Context.JobId),
            CsvFormat.Text(runtime.Context.Version),
        };
        return CsvFormat.Line(fields);
    }

    // Numeric results are written as numbers (a leading minus is not a formula); anything else as defused text.
    private static string ResultField(string? result)
        => result is not null && double.TryParse(result, NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? result : CsvFormat.Text(result);

    internal static string Number(double value)
        => double.IsNaN(value) || double.IsInfinity(value) ? "" : value.ToString("R", CultureInfo.InvariantCulture);
}
