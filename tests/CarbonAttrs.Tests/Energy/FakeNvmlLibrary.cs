using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Tests.Energy;

/// <summary>
/// A fake <c>libnvidia-ml.so</c> compiled from C by the tests (<c>cc -shared -fPIC</c>), so the real
/// P/Invoke layer runs against a library with NVML's ABI: two devices (a Volta with the energy counter,
/// a Pascal with power only), a third power-less Kepler when asked for, error codes, per-device process
/// lists. Tests steer it through extra <c>fake_nvml_*</c> exports.
/// </summary>
internal static class FakeNvmlLibrary
{
    public const string VoltaUuid = "GPU-11111111-2222-3333-4444-555555555555";
    public const string PascalUuid = "GPU-66666666-7777-8888-9999-000000000000";

    private static readonly Lazy<(string? Path, string Reason)> Built = new(Build);
    private static IntPtr _handle;

    /// <summary>Why the NVML tests cannot run here, or null when they can.</summary>
    public static string? SkipReason
    {
        get
        {
            if (!OperatingSystem.IsLinux())
                return "the fake NVML library is a Linux shared object";
            var path = FindOnPath("cc");
            return path is null ? "no C compiler (cc) on PATH: the fake libnvidia-ml.so cannot be built" : null;
        }
    }

    public static string Path => Built.Value.Path ?? throw new InvalidOperationException("fake NVML not built: " + Built.Value.Reason);

    private delegate void NoArgs();
    private delegate void WithUInt(uint value);
    private delegate void WithInt(int value);
    private delegate void WithDeviceULong(uint device, ulong value);
    private delegate void WithDeviceUInt(uint device, uint value);
    private delegate void WithDeviceInt(uint device, int value);
    private delegate int ReturnsInt();
    private delegate void WithDevicePids(uint device, uint[] pids, uint count);

    public static void Reset() => Call<NoArgs>("fake_nvml_reset")();
    public static void SetCount(uint count) => Call<WithUInt>("fake_nvml_set_count")(count);
    public static void SetInitResult(int code) => Call<WithInt>("fake_nvml_set_init_result")(code);
    public static void SetEnergyMillijoules(uint device, ulong mj) => Call<WithDeviceULong>("fake_nvml_set_energy_mj")(device, mj);
    public static void SetPowerMilliwatts(uint device, uint mw) => Call<WithDeviceUInt>("fake_nvml_set_power_mw")(device, mw);
    public static void SetEnergyResult(uint device, int code) => Call<WithDeviceInt>("fake_nvml_set_energy_result")(device, code);
    public static void SetUtilizationPercent(uint device, uint percent) => Call<WithDeviceUInt>("fake_nvml_set_utilization")(device, percent);
    public static void SetUtilizationResult(uint device, int code) => Call<WithDeviceInt>("fake_nvml_set_utilization_result")(device, code);
    public static int Initialized => Call<ReturnsInt>("fake_nvml_initialized")();
    public static void SetProcesses(uint device, params uint[] pids) => Call<WithDevicePids>("fake_nvml_set_processes")(device, pids, (uint)pids.Length);

    private static T Call<T>(string export) where T : Delegate
    {
        if (_handle == IntPtr.Zero)
            _handle = NativeLibrary.Load(Path); // same file as CarbonAttrs loads: dlopen returns the same instance
        return Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(_handle, export));
    }

    private static (string?, string) Build()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "carbonattrs-fake-nvml-" + Environment.ProcessId);
        Directory.CreateDirectory(directory);
        var source = System.IO.Path.Combine(directory, "fake_nvml.c");
        var library = System.IO.Path.Combine(directory, "libnvidia-ml.so.1");
        File.WriteAllText(source, CSource);
        var start = new ProcessStartInfo("cc", $"-shared -fPIC -O1 -o \"{library}\" \"{source}\"")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(library) ? (library, "") : (null, "cc failed: " + errors);
    }

    private static string? FindOnPath(string program)
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator)
            .Select(d => System.IO.Path.Combine(d, program)).FirstOrDefault(File.Exists);

    private const string CSource = """
        #include <string.h>
        typedef int nvmlReturn_t;
        typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
        typedef struct { unsigned int pid; unsigned long long usedGpuMemory; unsigned int gpuInstanceId; unsigned int computeInstanceId; } nvmlProcessInfo_t;
        struct fake_device {
            const char *name; const char *uuid; unsigned int arch;
            unsigned long long energy_mj; unsigned int power_mw; int energy_result; int power_result;
            unsigned int pids[256]; unsigned int npids;
            unsigned int util_gpu; int util_result;
        };
        typedef struct fake_device *nvmlDevice_t;
        static struct fake_device devices[3];
        static unsigned int device_count;
        static int init_result, initialized;

        void fake_nvml_reset(void) {
            memset(devices, 0, sizeof devices);
            devices[0].name = "Fake Tesla V100-SXM2-16GB"; devices[0].uuid = "GPU-11111111-2222-3333-4444-555555555555"; devices[0].arch = 5;
            devices[0].power_mw = 60000;
            devices[1].name = "Fake Tesla P100-PCIE-16GB"; devices[1].uuid = "GPU-66666666-7777-8888-9999-000000000000"; devices[1].arch = 4;
            devices[1].energy_result = 3; devices[1].power_mw = 30000;
            devices[2].name = "Fake GRID K520"; devices[2].uuid = "GPU-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"; devices[2].arch = 2;
            devices[2].energy_result = 3; devices[2].power_result = 3;
            device_count = 2; init_result = 0; initialized = 0;
        }
        __attribute__((constructor)) static void fake_nvml_load(void) { fake_nvml_reset(); }
        void fake_nvml_set_count(unsigned int n) { device_count = n; }
        void fake_nvml_set_init_result(int r) { init_result = r; }
        void fake_nvml_set_energy_mj(unsigned int d, unsigned long long mj) { devices[d].energy_mj = mj; }
        void fake_nvml_set_power_mw(unsigned int d, unsigned int mw) { devices[d].power_mw = mw; }
        void fake_nvml_set_energy_result(unsigned int d, int r) { devices[d].energy_result = r; }
        void fake_nvml_set_utilization(unsigned int d, unsigned int gpu) { devices[d].util_gpu = gpu; }
        void fake_nvml_set_utilization_result(unsigned int d, int r) { devices[d].util_result = r; }
        void fake_nvml_set_processes(unsigned int d, const unsigned int *pids, unsigned int n) {
            devices[d].npids = n; for (unsigned int i = 0; i < n; i++) devices[d].pids[i] = pids[i];
        }
        int fake_nvml_initialized(void) { return initialized; }

        const char *nvmlErrorString(nvmlReturn_t r) {
            switch (r) {
                case 0: return "Success"; case 1: return "Uninitialized"; case 2: return "Invalid Argument";
                case 3: return "Not Supported"; case 4: return "Insufficient Permissions"; case 6: return "Not Found";
                case 7: return "Insufficient Size"; case 9: return "Driver Not Loaded"; case 15: return "GPU is lost";
                default: return "Unknown Error";
            }
        }
        nvmlReturn_t nvmlInit_v2(void) { if (init_result) return init_result; initialized++; return 0; }
        nvmlReturn_t nvmlShutdown(void) { if (!initialized) return 1; initialized--; return 0; }
        static int bad(nvmlDevice_t d) { return !initialized ? 1 : (d < devices || d >= devices + device_count) ? 2 : 0; }
        nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *n) { if (!initialized) return 1; *n = device_count; return 0; }
        nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *d) {
            if (!initialized) return 1; if (i >= device_count) return 2; *d = &devices[i]; return 0;
        }
        static nvmlReturn_t copy(const char *s, char *out, unsigned int len) {
            if (strlen(s) + 1 > len) return 7; strcpy(out, s); return 0;
        }
        nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t d, char *out, unsigned int len) { return bad(d) ? bad(d) : copy(d->name, out, len); }
        nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t d, char *out, unsigned int len) { return bad(d) ? bad(d) : copy(d->uuid, out, len); }
        nvmlReturn_t nvmlDeviceGetArchitecture(nvmlDevice_t d, unsigned int *a) { if (bad(d)) return bad(d); *a = d->arch; return 0; }
        nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t d, unsigned long long *mj) {
            if (bad(d)) return bad(d); if (d->energy_result) return d->energy_result; *mj = d->energy_mj; return 0;
        }
        nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t d, unsigned int *mw) {
            if (bad(d)) return bad(d); if (d->power_result) return d->power_result; *mw = d->power_mw; return 0;
        }
        nvmlReturn_t nvmlDeviceGetUtilizationRates(nvmlDevice_t d, nvmlUtilization_t *u) {
            if (bad(d)) return bad(d); if (d->util_result) return d->util_result;
            u->gpu = d->util_gpu; u->memory = d->util_gpu / 2; return 0;
        }
        nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t d, unsigned int *count, nvmlProcessInfo_t *infos) {
            if (bad(d)) return bad(d);
            if (*count < d->npids) { *count = d->npids; return 7; }
            for (unsigned int i = 0; i < d->npids; i++) { memset(&infos[i], 0, sizeof infos[i]); infos[i].pid = d->pids[i]; }
            *count = d->npids; return 0;
        }
        """;
}

/// <summary>A fact that is skipped, with the reason, where the fake NVML library cannot be built.</summary>
public sealed class FakeNvmlFactAttribute : FactAttribute
{
    public FakeNvmlFactAttribute()
    {
        if (FakeNvmlLibrary.SkipReason is { } reason)
            Skip = reason;
    }
}
