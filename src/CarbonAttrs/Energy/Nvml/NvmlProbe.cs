using System.Globalization;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Energy.Nvml;

/// <summary>Opens one energy source per visible NVIDIA GPU and fills the hardware facts.</summary>
internal static class NvmlProbe
{
    public static IReadOnlyList<NvmlGpuEnergySource> Open(CarbonAttrsOptions options, HardwareInfo hardware, Func<string, string?> getEnvironmentVariable)
        => Open(options, hardware, getEnvironmentVariable, CurrentProcessBilling.Instance);

    /// <summary>In process mode a GPU's energy counts while any of <paramref name="billed"/> is among its compute processes.</summary>
    public static IReadOnlyList<NvmlGpuEnergySource> Open(CarbonAttrsOptions options, HardwareInfo hardware, Func<string, string?> getEnvironmentVariable,
        IBilledProcesses billed)
    {
        var session = NvmlSession.TryStart(NvmlLibrary.Choose(options));
        if (session is null)
            return Array.Empty<NvmlGpuEnergySource>();

        session.AddUser(); // held while opening, so a device failing to open cannot shut NVML down under the others
        try
        {
            var visible = CudaVisibleDevices.Filter(session.Devices, getEnvironmentVariable("CUDA_VISIBLE_DEVICES"));
            Func<uint, bool>? billedProcess = options.TrackingMode == TrackingMode.Process ? billed.Includes : null;
            var sources = new List<NvmlGpuEnergySource>();
            foreach (var device in visible)
            {
                try
                {
                    if (NvmlGpuEnergySource.TryOpen(session, device, billedProcess) is { } source)
                        sources.Add(source);
                }
                catch (NvmlException ex)
                {
                    TrackerLog.Warn("nvml-device:" + device.Uuid, $"{device} is skipped: {ex.Message}.");
                }
            }
            hardware.GpuCount = visible.Count;
            hardware.GpuModel = Describe(visible);
            TrackerLog.Debug("nvml-devices", $"NVML: {session.Devices.Count} GPU(s), {visible.Count} visible, measuring {sources.Count}: " +
                string.Join("; ", sources.Select(s => s.Device + " via " + s.Source)));
            return sources;
        }
        finally
        {
            session.Release();
        }
    }

    /// <summary>"2 x NVIDIA A100-SXM4-80GB" style, one group per model.</summary>
    internal static string Describe(IEnumerable<NvmlDevice> devices)
        => string.Join(", ", devices.GroupBy(d => d.Name).Select(g => g.Count().ToString(CultureInfo.InvariantCulture) + " x " + g.Key));
}
