using CarbonAttrs.Diagnostics;
using TorchSharp;

namespace CarbonAttrs.TorchSharp;

/// <summary>
/// Makes CarbonAttrs windows exact for TorchSharp code on CUDA: GPU kernels run asynchronously, so
/// without a synchronisation the energy of work launched in one window would be drawn while the next
/// is open. Once enabled, every window waits for the device at its edges (as Zeus does), before the
/// timestamp is taken. On a machine without CUDA nothing is registered and windows cost nothing more.
/// </summary>
/// <example><code>
/// CarbonTorch.Enable();           // once, at start-up
/// </code></example>
public static partial class CarbonTorch
{
    private static readonly object Gate = new();
    private static Action<WindowEdge>? _hook;

    /// <summary>True while windows synchronise the CUDA device at their edges.</summary>
    public static bool SynchronizesCuda => Volatile.Read(ref _hook) is not null;

    /// <summary>
    /// Synchronises the CUDA device at every window edge when CUDA is available; does nothing (and costs
    /// nothing) otherwise. Safe to call more than once. Returns whether synchronisation is on.
    /// </summary>
    public static bool Enable() => Enable(CudaIsAvailable, () => torch.cuda.synchronize());

    /// <summary>Stops synchronising at window edges.</summary>
    public static void Disable()
    {
        lock (Gate)
        {
            if (_hook is null)
                return;
            WindowEdgeHooks.Remove(_hook);
            _hook = null;
        }
    }

    /// <summary>The decision and the registration, with the device probes passed in (tests).</summary>
    internal static bool Enable(Func<bool> cudaIsAvailable, Action synchronize)
    {
        lock (Gate)
        {
            if (_hook is not null)
                return true;
            if (!cudaIsAvailable())
            {
                TrackerLog.Debug("torch-cuda", "CUDA is not available: windows are not synchronised with a device (none to wait for).");
                return false;
            }
            _hook = _ => synchronize();
            WindowEdgeHooks.Add(_hook);
            return true;
        }
    }

    private static bool CudaIsAvailable()
    {
        try { return torch.cuda.is_available(); }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException or InvalidOperationException)
        {
            TrackerLog.Warn("torch-cuda-probe", $"TorchSharp could not say whether CUDA is available ({ex.Message}); windows are not synchronised.");
            return false;
        }
    }
}
