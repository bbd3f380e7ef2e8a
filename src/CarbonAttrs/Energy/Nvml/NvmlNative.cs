using System.Runtime.InteropServices;

namespace CarbonAttrs.Energy.Nvml;

/// <summary><c>nvmlProcessInfo_t</c> as returned by <c>nvmlDeviceGetComputeRunningProcesses_v3</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlProcessInfo
{
    public uint Pid;
    public ulong UsedGpuMemory;
    public uint GpuInstanceId;
    public uint ComputeInstanceId;
}

/// <summary><c>nvmlUtilization_t</c>: percent of the last sample period a kernel ran, and memory was read or written.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NvmlUtilization
{
    public uint Gpu;
    public uint Memory;
}

/// <summary>
/// The NVML entry points used. The library name <see cref="LibraryName"/> is mapped to the configured
/// file by <see cref="NvmlLibrary"/> (a <c>DllImportResolver</c> on .NET 8+). Every call returns an
/// <c>nvmlReturn_t</c> that the caller checks.
/// </summary>
internal static unsafe partial class NvmlNative
{
    /// <summary>The logical name the resolver maps to <c>libnvidia-ml.so.1</c>, <c>nvml.dll</c> or the override.</summary>
    public const string LibraryName = "nvidia-ml";

#if NET8_0_OR_GREATER
    [LibraryImport(LibraryName, EntryPoint = "nvmlInit_v2")]
    public static partial int Init();

    [LibraryImport(LibraryName, EntryPoint = "nvmlShutdown")]
    public static partial int Shutdown();

    [LibraryImport(LibraryName, EntryPoint = "nvmlErrorString")]
    public static partial IntPtr ErrorString(int result);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetCount_v2")]
    public static partial int DeviceGetCount(out uint count);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetHandleByIndex_v2")]
    public static partial int DeviceGetHandleByIndex(uint index, out IntPtr device);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetName")]
    public static partial int DeviceGetName(IntPtr device, byte* name, uint length);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetUUID")]
    public static partial int DeviceGetUuid(IntPtr device, byte* uuid, uint length);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetArchitecture")]
    public static partial int DeviceGetArchitecture(IntPtr device, out uint architecture);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetTotalEnergyConsumption")]
    public static partial int DeviceGetTotalEnergyConsumption(IntPtr device, out ulong millijoules);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetPowerUsage")]
    public static partial int DeviceGetPowerUsage(IntPtr device, out uint milliwatts);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetUtilizationRates")]
    public static partial int DeviceGetUtilizationRates(IntPtr device, out NvmlUtilization utilization);

    [LibraryImport(LibraryName, EntryPoint = "nvmlDeviceGetComputeRunningProcesses_v3")]
    public static partial int DeviceGetComputeRunningProcesses(IntPtr device, ref uint count, NvmlProcessInfo* infos);
#else
    // netstandard2.0 hosts (.NET Framework, .NET 6/7) have no resolver: the platform names are bound
    // directly, and the CARBONATTRS_NVML_LIBRARY override is honoured by preloading it on Windows only.
    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    public static int Init() => IsWindows ? Windows.nvmlInit_v2() : Linux.nvmlInit_v2();
    public static int Shutdown() => IsWindows ? Windows.nvmlShutdown() : Linux.nvmlShutdown();
    public static IntPtr ErrorString(int result) => IsWindows ? Windows.nvmlErrorString(result) : Linux.nvmlErrorString(result);
    public static int DeviceGetCount(out uint count) => IsWindows ? Windows.nvmlDeviceGetCount_v2(out count) : Linux.nvmlDeviceGetCount_v2(out count);
    public static int DeviceGetHandleByIndex(uint index, out IntPtr device)
        => IsWindows ? Windows.nvmlDeviceGetHandleByIndex_v2(index, out device) : Linux.nvmlDeviceGetHandleByIndex_v2(index, out device);
    public static int DeviceGetName(IntPtr device, byte* name, uint length)
        => IsWindows ? Windows.nvmlDeviceGetName(device, name, length) : Linux.nvmlDeviceGetName(device, name, length);
    public static int DeviceGetUuid(IntPtr device, byte* uuid, uint length)
        => IsWindows ? Windows.nvmlDeviceGetUUID(device, uuid, length) : Linux.nvmlDeviceGetUUID(device, uuid, length);
    public static int DeviceGetArchitecture(IntPtr device, out uint architecture)
        => IsWindows ? Windows.nvmlDeviceGetArchitecture(device, out architecture) : Linux.nvmlDeviceGetArchitecture(device, out architecture);
    public static int DeviceGetTotalEnergyConsumption(IntPtr device, out ulong millijoules)
        => IsWindows ? Windows.nvmlDeviceGetTotalEnergyConsumption(device, out millijoules) : Linux.nvmlDeviceGetTotalEnergyConsumption(device, out millijoules);
    public static int DeviceGetPowerUsage(IntPtr device, out uint milliwatts)
        => IsWindows ? Windows.nvmlDeviceGetPowerUsage(device, out milliwatts) : Linux.nvmlDeviceGetPowerUsage(device, out milliwatts);
    public static int DeviceGetUtilizationRates(IntPtr device, out NvmlUtilization utilization)
        => IsWindows ? Windows.nvmlDeviceGetUtilizationRates(device, out utilization) : Linux.nvmlDeviceGetUtilizationRates(device, out utilization);
    public static int DeviceGetComputeRunningProcesses(IntPtr device, ref uint count, NvmlProcessInfo* infos)
        => IsWindows ? Windows.nvmlDeviceGetComputeRunningProcesses_v3(device, ref count, infos) : Linux.nvmlDeviceGetComputeRunningProcesses_v3(device, ref count, infos);

    private static class Linux
    {
        private const string Lib = "libnvidia-ml.so.1";
        [DllImport(Lib)] public static extern int nvmlInit_v2();
        [DllImport(Lib)] public static extern int nvmlShutdown();
        [DllImport(Lib)] public static extern IntPtr nvmlErrorString(int result);
        [DllImport(Lib)] public static extern int nvmlDeviceGetCount_v2(out uint count);
        [DllImport(Lib)] public static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);
        [DllImport(Lib)] public static extern int nvmlDeviceGetName(IntPtr device, byte* name, uint length);
        [DllImport(Lib)] public static extern int nvmlDeviceGetUUID(IntPtr device, byte* uuid, uint length);
        [DllImport(Lib)] public static extern int nvmlDeviceGetArchitecture(IntPtr device, out uint architecture);
        [DllImport(Lib)] public static extern int nvmlDeviceGetTotalEnergyConsumption(IntPtr device, out ulong millijoules);
        [DllImport(Lib)] public static extern int nvmlDeviceGetPowerUsage(IntPtr device, out uint milliwatts);
        [DllImport(Lib)] public static extern int nvmlDeviceGetUtilizationRates(IntPtr device, out NvmlUtilization utilization);
        [DllImport(Lib)] public static extern int nvmlDeviceGetComputeRunningProcesses_v3(IntPtr device, ref uint count, NvmlProcessInfo* infos);
    }

    private static class Windows
    {
        private const string Lib = "nvml.dll";
        [DllImport(Lib)] public static extern int nvmlInit_v2();
        [DllImport(Lib)] public static extern int nvmlShutdown();
        [DllImport(Lib)] public static extern IntPtr nvmlErrorString(int result);
        [DllImport(Lib)] public static extern int nvmlDeviceGetCount_v2(out uint count);
        [DllImport(Lib)] public static extern int nvmlDeviceGetHandleByIndex_v2(uint index, out IntPtr device);
        [DllImport(Lib)] public static extern int nvmlDeviceGetName(IntPtr device, byte* name, uint length);
        [DllImport(Lib)] public static extern int nvmlDeviceGetUUID(IntPtr device, byte* uuid, uint length);
        [DllImport(Lib)] public static extern int nvmlDeviceGetArchitecture(IntPtr device, out uint architecture);
        [DllImport(Lib)] public static extern int nvmlDeviceGetTotalEnergyConsumption(IntPtr device, out ulong millijoules);
        [DllImport(Lib)] public static extern int nvmlDeviceGetPowerUsage(IntPtr device, out uint milliwatts);
        [DllImport(Lib)] public static extern int nvmlDeviceGetUtilizationRates(IntPtr device, out NvmlUtilization utilization);
        [DllImport(Lib)] public static extern int nvmlDeviceGetComputeRunningProcesses_v3(IntPtr device, ref uint count, NvmlProcessInfo* infos);
    }
#endif
}
