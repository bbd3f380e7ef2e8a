using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Energy.Nvml;

/// <summary>
/// One <c>nvmlInit_v2</c> … <c>nvmlShutdown</c> span, shared by the GPU sources opened from it; the last
/// source disposed shuts NVML down.
/// </summary>
internal sealed class NvmlSession
{
    private int _users;

    private NvmlSession(IReadOnlyList<NvmlDevice> devices) => Devices = devices;

    /// <summary>Every device NVML sees (before <c>CUDA_VISIBLE_DEVICES</c>).</summary>
    public IReadOnlyList<NvmlDevice> Devices { get; }

    /// <summary>Initialises NVML from <paramref name="library"/>; null (said once at debug level) when there is no library or driver.</summary>
    public static NvmlSession? TryStart(string library)
    {
        if (!NvmlLibrary.TryLoad(library, out var reason))
        {
            TrackerLog.Debug("nvml-absent", $"NVML is not available ({reason}); no GPU energy is measured.");
            return null;
        }
        try
        {
            var init = NvmlNative.Init();
            if (init != NvmlReturn.Success)
            {
                TrackerLog.Debug("nvml-init", $"nvmlInit_v2 failed: {NvmlException.Describe(init)}; no GPU energy is measured.");
                return null;
            }
            try
            {
                NvmlException.Check(NvmlNative.DeviceGetCount(out var count), "nvmlDeviceGetCount_v2");
                var devices = new List<NvmlDevice>();
                for (uint i = 0; i < count; i++)
                {
                    try { devices.Add(NvmlDevice.Open(i)); }
                    catch (NvmlException ex) { TrackerLog.Warn("nvml-device:" + i, $"GPU {i} is skipped: {ex.Message}."); }
                }
                return new NvmlSession(devices);
            }
            catch (NvmlException ex)
            {
                NvmlNative.Shutdown();
                TrackerLog.Debug("nvml-count", $"{ex.Message}; no GPU energy is measured.");
                return null;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            TrackerLog.Debug("nvml-absent", $"NVML could not be called ({ex.GetType().Name}: {ex.Message}); no GPU energy is measured.");
            return null;
        }
    }

    public void AddUser() => Interlocked.Increment(ref _users);

    /// <summary>Called by each source on dispose, and once by the opener when no source was created.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref _users) <= 0)
        {
            var code = NvmlNative.Shutdown();
            if (code != NvmlReturn.Success)
                TrackerLog.Debug("nvml-shutdown", $"nvmlShutdown failed: {NvmlException.Describe(code)}.");
        }
    }
}
