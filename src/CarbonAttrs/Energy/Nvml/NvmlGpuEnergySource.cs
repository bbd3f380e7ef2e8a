using System.Diagnostics;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Energy.Nvml;

/// <summary>
/// Energy of one GPU. Volta and newer: deltas of <c>nvmlDeviceGetTotalEnergyConsumption</c> (mJ, 64-bit,
/// never wraps), label <c>measured:nvml</c>. Older GPUs, or where that counter is not supported:
/// trapezoid integration of <c>nvmlDeviceGetPowerUsage</c> (mW) over the sampler's reads, label
/// <c>measured:nvml-power</c>. In process mode an interval counts only while a billed process (this one, or
/// the process tree <c>carbonattrs run</c> measures) is among the device's compute processes.
/// Also reports the device's utilisation rate (<c>nvmlDeviceGetUtilizationRates</c>, the whole device's, as CodeCarbon
/// reports it).
/// </summary>
internal sealed class NvmlGpuEnergySource : IEnergySource, IGpuUtilizationSource
{
    /// <summary>NVML refreshes power readings at about 10 Hz or faster; integrating needs reads at least that often.</summary>
    public static readonly TimeSpan PowerIntegrationPeriod = TimeSpan.FromMilliseconds(100);

    private readonly NvmlSession _session;
    private readonly Func<uint, bool>? _billedProcess;
    private readonly bool _useCounter;
    private ulong _lastMillijoules;
    private double _lastWatts;
    private long _lastTimestamp;
    private double _joules;
    private int _disposed;

    private NvmlGpuEnergySource(NvmlSession session, NvmlDevice device, Func<uint, bool>? billedProcess, bool useCounter, ulong firstMillijoules, double firstWatts)
    {
        _session = session;
        Device = device;
        _billedProcess = billedProcess;
        _useCounter = useCounter;
        _lastMillijoules = firstMillijoules;
        _lastWatts = firstWatts;
        _lastTimestamp = Stopwatch.GetTimestamp();
        session.AddUser();
    }

    public NvmlDevice Device { get; }
    public EnergyComponent Component => EnergyComponent.Gpu;
    public string Source => _useCounter ? "measured:nvml" : "measured:nvml-power";
    public TimeSpan? MaxSamplePeriod => _useCounter ? null : PowerIntegrationPeriod;

    /// <summary>True when the energy counter is used (false: power integration).</summary>
    public bool UsesEnergyCounter => _useCounter;

    /// <summary>
    /// The source for <paramref name="device"/>, or null (with a warning) when it reports neither energy nor power:
    /// a GPU is never silently counted as drawing nothing.
    /// </summary>
    /// <param name="session">The NVML session the device was enumerated from.</param>
    /// <param name="device">The GPU.</param>
    /// <param name="billedProcess">Process mode: which process ids are billed; null in machine mode.</param>
    public static NvmlGpuEnergySource? TryOpen(NvmlSession session, NvmlDevice device, Func<uint, bool>? billedProcess)
    {
        if (NvmlArchitecture.HasEnergyCounter(device.Architecture))
        {
            var code = NvmlNative.DeviceGetTotalEnergyConsumption(device.Handle, out var mj);
            if (code == NvmlReturn.Success)
                return new NvmlGpuEnergySource(session, device, billedProcess, useCounter: true, mj, 0);
            TrackerLog.Debug("nvml-energy:" + device.Uuid,
                $"{device}: nvmlDeviceGetTotalEnergyConsumption failed ({NvmlException.Describe(code)}); its power is integrated instead.");
        }
        var power = NvmlNative.DeviceGetPowerUsage(device.Handle, out var mw);
        if (power == NvmlReturn.Success)
            return new NvmlGpuEnergySource(session, device, billedProcess, useCounter: false, 0, mw / 1000.0);
        TrackerLog.Warn("nvml-power:" + device.Uuid,
            $"{device} reports neither energy nor power (nvmlDeviceGetPowerUsage: {NvmlException.Describe(power)}); its energy is not measured and the GPU columns leave it out.");
        return null;
    }

    public bool TryReadTotalJoules(out double joules)
    {
        joules = _joules;
        var counts = true;
        if (_billedProcess is { } billed)
        {
            try { counts = Device.RunsAnyOf(billed); }
            catch (NvmlException ex)
            {
                TrackerLog.Warn("nvml-processes:" + Device.Uuid, $"{Device}: {ex.Message}; the device is counted as used by this process.");
            }
        }

        var now = Stopwatch.GetTimestamp();
        if (_useCounter)
        {
            var code = NvmlNative.DeviceGetTotalEnergyConsumption(Device.Handle, out var mj);
            if (code != NvmlReturn.Success)
            {
                TrackerLog.Warn("nvml-read:" + Device.Uuid, $"{Device}: reading energy failed ({NvmlException.Describe(code)}); the last value is kept.");
                return false;
            }
            if (counts && mj > _lastMillijoules)
                _joules += (mj - _lastMillijoules) / 1000.0;
            _lastMillijoules = mj;
        }
        else
        {
            var code = NvmlNative.DeviceGetPowerUsage(Device.Handle, out var mw);
            if (code != NvmlReturn.Success)
            {
                TrackerLog.Warn("nvml-read:" + Device.Uuid, $"{Device}: reading power failed ({NvmlException.Describe(code)}); the last value is kept.");
                return false;
            }
            var watts = mw / 1000.0;
            var seconds = (now - _lastTimestamp) / (double)Stopwatch.Frequency;
            if (counts && seconds > 0)
                _joules += (_lastWatts + watts) / 2 * seconds; // trapezoid between two reads
            _lastWatts = watts;
        }
        _lastTimestamp = now;
        joules = _joules;
        return true;
    }

    public bool TryReadUtilizationPercent(out double percent)
    {
        percent = 0;
        var code = NvmlNative.DeviceGetUtilizationRates(Device.Handle, out var rates);
        if (code != NvmlReturn.Success)
        {
            TrackerLog.Debug("nvml-utilization:" + Device.Uuid,
                $"{Device}: nvmlDeviceGetUtilizationRates failed ({NvmlException.Describe(code)}); gpu_utilization_percent averages the other GPUs, or keeps the last value.");
            return false;
        }
        percent = Math.Min(100, rates.Gpu);
        return true;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
            _session.Release();
    }
}
