using System.Runtime.InteropServices;

namespace CarbonAttrs.Benchmarks.TorchSharp;

/// <summary>
/// Marks counted regions for callgrind through benchmarks/step-instructions/icount-shim.c, when the
/// environment names it (ICOUNT_SHIM, set by benchmarks/step-instructions.sh); otherwise does nothing.
/// Each region is dumped by callgrind under its own label.
/// </summary>
internal static class CountedRegion
{
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void Toggle();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void Dump([MarshalAs(UnmanagedType.LPStr)] string label);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate long Count();

    private static readonly Toggle? StartFn;
    private static readonly Dump? StopFn;
    private static readonly Count? ScaledReadsFn;
    private static readonly Count? ScaledWaitsFn;

    static CountedRegion()
    {
        var path = Environment.GetEnvironmentVariable("ICOUNT_SHIM");
        if (string.IsNullOrEmpty(path) || !NativeLibrary.TryLoad(path, out var lib))
            return;
        StartFn = Marshal.GetDelegateForFunctionPointer<Toggle>(NativeLibrary.GetExport(lib, "icount_start"));
        StopFn = Marshal.GetDelegateForFunctionPointer<Dump>(NativeLibrary.GetExport(lib, "icount_stop"));
        ScaledReadsFn = Marshal.GetDelegateForFunctionPointer<Count>(NativeLibrary.GetExport(lib, "icount_scaled_reads"));
        ScaledWaitsFn = Marshal.GetDelegateForFunctionPointer<Count>(NativeLibrary.GetExport(lib, "icount_scaled_waits"));
        ScaledReadsFn(); // the marshalling stubs are made here, outside any counted region
        ScaledWaitsFn();
    }

    public static void Start() => StartFn?.Invoke();

    /// <summary>Ends the region; callgrind dumps its counts with <paramref name="label"/> as the trigger.</summary>
    public static void Stop(string label) => StopFn?.Invoke(label);

    /// <summary>Stopwatch reads the shim slowed down (see ICOUNT_CLOCK_SLOWDOWN in the shim); -1 without the shim.</summary>
    public static long ScaledReads => ScaledReadsFn?.Invoke() ?? -1;

    /// <summary>Timed waits and sleeps of CarbonAttrs threads the shim slowed down; -1 without the shim.</summary>
    public static long ScaledWaits => ScaledWaitsFn?.Invoke() ?? -1;
}
