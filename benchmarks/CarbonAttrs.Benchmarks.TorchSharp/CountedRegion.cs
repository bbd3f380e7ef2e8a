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

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void SetFactor(double factor);

    private static readonly Toggle? StartFn;
    private static readonly Dump? StopFn;
    private static readonly Dump? NoopFn;
    private static readonly Count? ScaledReadsFn;
    private static readonly Count? ScaledWaitsFn;
    private static readonly SetFactor? SetSlowdownFn;

    static CountedRegion()
    {
        var path = Environment.GetEnvironmentVariable("ICOUNT_SHIM");
        if (string.IsNullOrEmpty(path) || !NativeLibrary.TryLoad(path, out var lib))
            return;
        StartFn = Marshal.GetDelegateForFunctionPointer<Toggle>(NativeLibrary.GetExport(lib, "icount_start"));
        StopFn = Marshal.GetDelegateForFunctionPointer<Dump>(NativeLibrary.GetExport(lib, "icount_stop"));
        ScaledReadsFn = Marshal.GetDelegateForFunctionPointer<Count>(NativeLibrary.GetExport(lib, "icount_scaled_reads"));
        ScaledWaitsFn = Marshal.GetDelegateForFunctionPointer<Count>(NativeLibrary.GetExport(lib, "icount_scaled_waits"));
        SetSlowdownFn = Marshal.GetDelegateForFunctionPointer<SetFactor>(NativeLibrary.GetExport(lib, "icount_set_slowdown"));
        SetSlowdownFn(0); // ignored (not above 1); like the calls below, makes the marshalling stub now
        NoopFn = Marshal.GetDelegateForFunctionPointer<Dump>(NativeLibrary.GetExport(lib, "icount_noop"));
        Stop(null); // jits Stop and makes its marshalling stub now, outside any region (the JIT runs at first call)
        ScaledReadsFn(); // the marshalling stubs are made here, outside any counted region
        ScaledWaitsFn();
    }

    public static void Start() => StartFn?.Invoke();

    /// <summary>Ends the region; callgrind dumps its counts with <paramref name="label"/> as the trigger (null: does nothing).</summary>
    public static void Stop(string? label)
    {
        if (label is null)
            NoopFn?.Invoke("");
        else
            StopFn?.Invoke(label);
    }

    /// <summary>How many times slower Stopwatch and CarbonAttrs' timers run from now on (see the shim).</summary>
    public static void SetSlowdown(double factor) => SetSlowdownFn?.Invoke(factor);

    /// <summary>Stopwatch reads the shim slowed down (see ICOUNT_CLOCK_SLOWDOWN in the shim); -1 without the shim.</summary>
    public static long ScaledReads => ScaledReadsFn?.Invoke() ?? -1;

    /// <summary>Timed waits and sleeps of CarbonAttrs threads the shim slowed down; -1 without the shim.</summary>
    public static long ScaledWaits => ScaledWaitsFn?.Invoke() ?? -1;
}
