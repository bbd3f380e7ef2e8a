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
    private readonly CachedText _project = new(), _countryName = new(), _countryIso = new(), _region = new(),
        _cloudProvider = new(), _cloudRegion = new(), _os = new(), _cpuModel = new(), _gpuModel = new(),
        _cpuSource = new(), _gpuSource = new(), _ramSource = new(), _intensitySource = new(),
        _host = new(), _rank = new(), _version = new(), _experiment = new(), _name = new();
    private readonly CachedNumber _ramTotal = new(), _pue = new(), _intensity = new();

    public LedgerRowFormatter(TrackerRuntime runtime) => _runtime = runtime;

    /// <summary>Writes a measurement's row (tests, tools); the ledger writer uses the <see cref="LedgerRow"/> overload.</summary>
    public void Write(CarbonMeasurement m, LedgerLineBuffer line) => Write(new LedgerRow(m), line);

    public void Write(in LedgerRow m, LedgerLineBuffer line)
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
        line.Number(cpuUtilisation); line.Byte(Comma);
        line.Byte(Comma); // ram_utilization_percent: not sampled per window
        line.Byte(Comma); // ram_used_gb: not sampled per window
        line.Number(Watts(m.CpuJoules)); line.Byte(Comma);
        line.Number(Watts(m.GpuJoules)); line.Byte(Comma);
        line.Number(Watts(m.RamJoules)); line.Byte(Comma);
        line.Number(Kwh(m.CpuJoules)); line.Byte(Comma);
        line.Number(Kwh(m.GpuJoules)); line.Byte(Comma);
        line.Number(Kwh(m.RamJoules)); line.Byte(Comma);
        line.Number(m.EnergyKwh); line.Byte(Comma);
        line.Byte(Comma); // water_consumed: no .NET meaning
        _countryName.Write(line, intensity.CountryName); line.Byte(Comma);
        _countryIso.Write(line, intensity.CountryIsoCode); line.Byte(Comma);
        _region.Write(line, intensity.Region); line.Byte(Comma);
        _cloudProvider.Write(line, intensity.CloudProvider); line.Byte(Comma);
        _cloudRegion.Write(line, intensity.CloudRegion); line.Byte(Comma);
        _os.Write(line, hw.Os); line.Byte(Comma);
        line.Byte(Comma); // python_version
        line.Byte(Comma); // codecarbon_version
        line.Integer(hw.LogicalCpuCount); line.Byte(Comma);
        _cpuModel.Write(line, hw.CpuModel); line.Byte(Comma);
        line.Integer(hw.GpuCount); line.Byte(Comma);
        _gpuModel.Write(line, hw.GpuModel); line.Byte(Comma);
        line.Byte(Comma); // longitude
        line.Byte(Comma); // latitude
        _ramTotal.Write(line, hw.RamTotalGb); line.Byte(Comma);
        line.Bytes(runtime.Options.TrackingMode == TrackingMode.Machine ? Machine : ProcessMode); line.Byte(Comma);
        line.Byte(intensity.CloudProvider is null ? (byte)'N' : (byte)'Y'); line.Byte(Comma);
        _pue.Write(line, pue); line.Byte(Comma);
        line.Byte(Comma); // wue
        _name.Write(line, m.Name); line.Byte(Comma);
        line.Bytes(m.Status switch { WindowStatus.Failed => Failed, WindowStatus.Cancelled => Cancelled, _ => Ok }); line.Byte(Comma);
        if (m.ParentRunId is { } parent) line.Guid(parent);
        line.Byte(Comma);
        line.Integer(m.Calls); line.Byte(Comma);
        if (m.Hyperparameters is { Count: > 0 }) line.Text(HyperparameterJson.Write(m.Hyperparameters));
        line.Byte(Comma);
        Result(line, m.Result); line.Byte(Comma);
        _cpuSource.Write(line, m.CpuSource); line.Byte(Comma);
        _gpuSource.Write(line, m.GpuSource); line.Byte(Comma);
        _ramSource.Write(line, m.RamSource); line.Byte(Comma);
        _intensity.Write(line, intensity.GramsPerKwh); line.Byte(Comma);
        _intensitySource.Write(line, intensity.Source); line.Byte(Comma);
        _host.Write(line, context.Host); line.Byte(Comma);
        _rank.Write(line, context.Rank); line.Byte(Comma);
        _version.Write(line, context.Version);
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

    /// <summary>A number field's last value (compared bit for bit) and its text.</summary>
    private sealed class CachedNumber
    {
        private long _bits;
        private bool _known;
        private readonly byte[] _bytes = new byte[32];
        private int _length;

        public void Write(LedgerLineBuffer line, double value)
        {
            var bits = BitConverter.DoubleToInt64Bits(value);
            if (_known && bits == _bits)
            {
                line.Bytes(_bytes, 0, _length);
                return;
            }
            var start = line.Length;
            line.Number(value);
            _length = line.Length - start;
            if (_length > _bytes.Length)
            {
                _known = false; // cannot happen with "R" (at most 24 characters); never cache a truncated copy
                return;
            }
            line.CopyTo(start, _length, _bytes);
            _bits = bits;
            _known = true;
        }
    }
}
