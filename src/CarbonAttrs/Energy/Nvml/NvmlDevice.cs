using System.Text;

namespace CarbonAttrs.Energy.Nvml;

/// <summary>One GPU as NVML enumerates it.</summary>
internal sealed class NvmlDevice
{
    private const uint NameLength = 96;  // NVML_DEVICE_NAME_V2_BUFFER_SIZE
    private const uint UuidLength = 96;  // NVML_DEVICE_UUID_V2_BUFFER_SIZE

    private NvmlDevice(uint index, IntPtr handle, string name, string uuid, uint architecture)
    {
        Index = index;
        Handle = handle;
        Name = name;
        Uuid = uuid;
        Architecture = architecture;
    }

    /// <summary>NVML index (PCI bus order).</summary>
    public uint Index { get; }
    public IntPtr Handle { get; }
    public string Name { get; }
    /// <summary><c>GPU-xxxxxxxx-...</c>, the form CUDA_VISIBLE_DEVICES accepts.</summary>
    public string Uuid { get; }
    public uint Architecture { get; }

    public static unsafe NvmlDevice Open(uint index)
    {
        NvmlException.Check(NvmlNative.DeviceGetHandleByIndex(index, out var handle), "nvmlDeviceGetHandleByIndex_v2");
        var buffer = stackalloc byte[(int)Math.Max(NameLength, UuidLength)];
        NvmlException.Check(NvmlNative.DeviceGetName(handle, buffer, NameLength), "nvmlDeviceGetName");
        var name = ReadString(buffer, NameLength);
        NvmlException.Check(NvmlNative.DeviceGetUuid(handle, buffer, UuidLength), "nvmlDeviceGetUUID");
        var uuid = ReadString(buffer, UuidLength);
        // Architecture is missing from very old drivers: treat as unknown, which means power integration.
        var architecture = NvmlNative.DeviceGetArchitecture(handle, out var arch) == NvmlReturn.Success ? arch : NvmlArchitecture.Unknown;
        return new NvmlDevice(index, handle, name, uuid, architecture);
    }

    private NvmlProcessInfo[] _processes = new NvmlProcessInfo[64]; // reused: the sampler asks at every period

    /// <summary>True when <paramref name="pid"/> is among the device's compute processes (called from the sampler thread only).</summary>
    public bool IsRunning(uint pid) => RunsAnyOf(p => p == pid);

    /// <summary>True when any of the device's compute processes satisfies <paramref name="billed"/> (sampler thread only).</summary>
    public unsafe bool RunsAnyOf(Func<uint, bool> billed)
    {
        while (true)
        {
            var count = (uint)_processes.Length;
            int code;
            fixed (NvmlProcessInfo* p = _processes)
                code = NvmlNative.DeviceGetComputeRunningProcesses(Handle, ref count, p);
            if (code == NvmlReturn.InsufficientSize && _processes.Length < 65536)
            {
                _processes = new NvmlProcessInfo[Math.Max(_processes.Length * 2, (int)Math.Min(count, 65536u))];
                continue;
            }
            NvmlException.Check(code, "nvmlDeviceGetComputeRunningProcesses_v3");
            for (var i = 0; i < count && i < _processes.Length; i++)
            {
                if (billed(_processes[i].Pid))
                    return true;
            }
            return false;
        }
    }

    private static unsafe string ReadString(byte* buffer, uint length)
    {
        var end = 0;
        while (end < length && buffer[end] != 0)
            end++;
        return Encoding.UTF8.GetString(buffer, end);
    }

    public override string ToString() => $"GPU {Index} {Name} ({Uuid}, {NvmlArchitecture.Name(Architecture)})";
}
