using System.Globalization;

namespace CarbonAttrs.Ledger;

/// <summary>
/// Writes a measurement as one ledger line (no line break), in <see cref="LedgerColumns.All"/> order, straight
/// into the writer's UTF-8 buffer. Fields that are the same on nearly every row (host, OS, CPU model, sources,
/// intensity, PUE...) are encoded once and copied while they stay equal. One instance per runtime, used by the
/// ledger's single writer only.
/// </summary>
internal sealed class LedgerRowFormatter
{
    private static readonly byte[] Ok = Ascii("ok"), Failed = Ascii("failed"), Cancelled = Ascii("cancelled");
    private static readonly byte[] Machine = Ascii("machine"), ProcessMode = Ascii("process");

    private readonly TrackerRuntime _runtime;
    private readonly CachedText _project = new(), _experiment = new(), _name = new();
    private readonly CachedBlock _machineBlock = new(), _cloudBlock = new(), _ramBlock = new(), _sourceBlock = new();

    public LedgerRowFormatter(TrackerRuntime runtime) => _runtime = runtime;

    /// <summary>Writes a measurement's row (tests, tools); the ledger writer uses the <see cref="QueuedRow"/> overload.</summary>
    public void Write(CarbonMeasurement m, LedgerLineBuffer line) => Write(new QueuedRow(m), line);

    public void Write(in QueuedRow m, LedgerLineBuffer line)
    {
        var seconds = m.Duration.TotalSeconds;
        var pue = m.Pue;
        double Kwh(double joules) => joules * pue / 3.6e6;
        double Watts(double joules) => seconds > 0 ? joules / seconds : 0;
        var runtime = _runtime;
        var hw = runtime.Hardware;
        var context = runtime.Context;
        var intensity = m.Intensity;
        var cpuUtilisation = seconds > 0 && hw.LogicalCpuCount > 0 ? m.ProcessCpuSeconds / (seconds * hw.LogicalCpuCount) * 100 : 0;
        const byte Comma = (byte)',';

        line.Timestamp(m.StartedAt.Add(m.Duration).UtcDateTime); line.Byte(Comma);
        _project.Write(line, context.ProjectName); line.Byte(Comma);
        line.Guid(m.RunId); line.Byte(Comma);
        _experiment.Write(line, m.Experiment); line.Byte(Comma); // a method's name and experiment are the same string on each of its rows
        line.Number(seconds); line.Byte(Comma);
        line.Number(m.EmissionsKg); line.Byte(Comma);
        line.Number(seconds > 0 ? m.EmissionsKg / seconds : 0); line.Byte(Comma);
        line.Number(Watts(m.CpuJoules)); line.Byte(Comma);
        line.Number(Watts(m.GpuJoules)); line.Byte(Comma);
        line.Number(Watts(m.RamJoules)); line.Byte(Comma);
        line.Number(Kwh(m.CpuJoules)); line.Byte(Comma);
        line.Number(Kwh(m.GpuJoules)); line.Byte(Comma);
        line.Number(Kwh(m.RamJoules)); line.Byte(Comma);
        line.Number(m.EnergyKwh); line.Byte(Comma);
        line.Byte(Comma); // water_consumed: no .NET meaning
        // country_name … tracking_mode: the grid, machine and settings fields, the same bytes on every row of this
        // runtime while the intensity object stays the same: copied as one block.
        if (!_machineBlock.TryCopy(line, intensity, null, null, 0))
        {
            var blockStart = line.Length;
            line.Text(intensity.CountryName); line.Byte(Comma);
            line.Text(intensity.CountryIsoCode); line.Byte(Comma);
            line.Text(intensity.Region); line.Byte(Comma);
            line.Text(intensity.CloudProvider); line.Byte(Comma);
            line.Text(intensity.CloudRegion); line.Byte(Comma);
            line.Text(hw.Os); line.Byte(Comma);
            line.Byte(Comma); // python_version
            line.Byte(Comma); // codecarbon_version
            line.Integer(hw.LogicalCpuCount); line.Byte(Comma);
            line.Text(hw.CpuModel); line.Byte(Comma);
            line.Integer(hw.GpuCount); line.Byte(Comma);
            line.Text(hw.GpuModel); line.Byte(Comma);
            line.Byte(Comma); // longitude
            line.Byte(Comma); // latitude
            line.Number(hw.RamTotalGb); line.Byte(Comma);
            line.Bytes(runtime.Options.TrackingMode == TrackingMode.Machine ? Machine : ProcessMode); line.Byte(Comma);
            _machineBlock.Store(line, blockStart, intensity, null, null, 0);
        }
        line.Number(cpuUtilisation); line.Byte(Comma);
        line.Number(m.GpuUtilizationPercent); line.Byte(Comma); // NaN (no GPU reporting it): empty
        // ram_utilization_percent, ram_used_gb: the sampler's reading, the same on every row until its next sample.
        var ramBits = BitConverter.DoubleToInt64Bits(m.RamUsedGb);
        if (!_ramBlock.TryCopy(line, null, null, null, ramBits))
        {
            var blockStart = line.Length;
            line.Number(hw.RamTotalGb > 0 ? m.RamUsedGb / hw.RamTotalGb * 100 : double.NaN); line.Byte(Comma);
            line.Number(m.RamUsedGb); line.Byte(Comma);
            _ramBlock.Store(line, blockStart, null, null, null, ramBits);
        }
        // on_cloud, pue, wue: the same bytes while the intensity and the PUE stay the same.
        var pueBits = BitConverter.DoubleToInt64Bits(pue);
        if (!_cloudBlock.TryCopy(line, intensity, null, null, pueBits))
        {
            var blockStart = line.Length;
            line.Byte(intensity.CloudProvider is null ? (byte)'N' : (byte)'Y'); line.Byte(Comma);
            line.Number(pue); line.Byte(Comma);
            line.Byte(Comma); // wue
            _cloudBlock.Store(line, blockStart, intensity, null, null, pueBits);
        }
        _name.Write(line, m.Name); line.Byte(Comma);
        line.Bytes(m.Status switch { WindowStatus.Failed => Failed, WindowStatus.Cancelled => Cancelled, _ => Ok }); line.Byte(Comma);
        if (m.ParentRunId is { } parent) line.Guid(parent);
        line.Byte(Comma);
        line.Integer(m.Calls); line.Byte(Comma);
        if (m.Hyperparameters is { Count: > 0 }) line.Text(HyperparameterJson.Write(m.Hyperparameters));
        line.Byte(Comma);
        Result(line, m.Result); line.Byte(Comma);
        line.Number(m.Flops); line.Byte(Comma); // NaN (nothing counted): empty
        if (m.Samples != long.MinValue) line.Integer(m.Samples);
        line.Byte(Comma);
        // cpu_source … version (host, rank, job id included): the same bytes while the source labels (one instance each per runtime, unless a row
        // is split) and the intensity stay the same.
        if (!_sourceBlock.TryCopy(line, m.CpuSource, m.GpuSource, m.RamSource, 0, intensity))
        {
            var blockStart = line.Length;
            line.Text(m.CpuSource); line.Byte(Comma);
            line.Text(m.GpuSource); line.Byte(Comma);
            line.Text(m.RamSource); line.Byte(Comma);
            line.Number(intensity.GramsPerKwh); line.Byte(Comma);
            line.Text(intensity.Source); line.Byte(Comma);
            line.Text(context.Host); line.Byte(Comma);
            line.Text(context.Rank); line.Byte(Comma);
            line.Text(context.JobId); line.Byte(Comma);
            line.Text(context.Version);
            _sourceBlock.Store(line, blockStart, m.CpuSource, m.GpuSource, m.RamSource, 0, intensity);
        }
    }

    // Numeric results are written as numbers (a leading minus is not a formula); anything else as defused text.
    private static void Result(LedgerLineBuffer line, string? result)
    {
        if (result is not null && double.TryParse(result, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            line.Raw(result);
        else
            line.Text(result);
    }

    private static byte[] Ascii(string text) => System.Text.Encoding.ASCII.GetBytes(text);

    /// <summary>A text field's last value and its encoded bytes: copied while the value stays the same.</summary>
    private sealed class CachedText
    {
        private string? _value;
        private bool _known;
        private byte[] _bytes = new byte[64];
        private int _length;

        public void Write(LedgerLineBuffer line, string? value)
        {
            if (_known && (ReferenceEquals(value, _value) || string.Equals(value, _value, StringComparison.Ordinal)))
            {
                line.Bytes(_bytes, 0, _length);
                return;
            }
            var start = line.Length;
            line.Text(value);
            _length = line.Length - start;
            if (_bytes.Length < _length)
                _bytes = new byte[_length]; // grows only; a value that changes every row costs an encode, never an allocation
            line.CopyTo(start, _length, _bytes);
            _value = value;
            _known = true;
        }
    }

    /// <summary>
    /// The bytes of a run of fields and what they were made from (objects compared by reference: the runtime hands
    /// the same instances to every row; an equal copy only costs a re-encode). Grows only; no allocation per row.
    /// </summary>
    private sealed class CachedBlock
    {
        private object? _a, _b, _c, _d;
        private long _bits;
        private bool _known;
        private byte[] _bytes = new byte[256];
        private int _length;

        public bool TryCopy(LedgerLineBuffer line, object? a, object? b, object? c, long bits, object? d = null)
        {
            if (!_known || bits != _bits || !ReferenceEquals(a, _a) || !ReferenceEquals(b, _b) || !ReferenceEquals(c, _c) || !ReferenceEquals(d, _d))
                return false;
            line.Bytes(_bytes, 0, _length);
            return true;
        }

        public void Store(LedgerLineBuffer line, int start, object? a, object? b, object? c, long bits, object? d = null)
        {
            _length = line.Length - start;
            if (_bytes.Length < _length)
                _bytes = new byte[_length];
            line.CopyTo(start, _length, _bytes);
            (_a, _b, _c, _d, _bits, _known) = (a, b, c, d, bits, true);
        }
    }
}
