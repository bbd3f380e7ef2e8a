using System.Runtime.InteropServices;
using System.Text;

namespace NvmlDeviceProbe;

/// <summary>
/// Just enough of the CUDA driver API (libcuda.so.1, installed with the NVIDIA driver) to keep a GPU
/// busy: a PTX kernel of dependent FMAs, JIT-compiled by the driver for whatever GPU is present.
/// </summary>
internal static unsafe partial class CudaDriver
{
    private const string Library = "libcuda.so.1";

    // sm_70 PTX runs on Volta and every newer GPU (the driver compiles it forward).
    private const string Ptx = """
        .version 7.0
        .target sm_70
        .address_size 64
        .visible .entry burn(.param .u64 out, .param .u32 iters)
        {
            .reg .pred %p;
            .reg .f32 %f<4>;
            .reg .b32 %r<5>;
            .reg .b64 %rd<5>;
            ld.param.u64 %rd1, [out];
            ld.param.u32 %r1, [iters];
            mov.u32 %r2, %tid.x;
            cvt.rn.f32.u32 %f1, %r2;
            mov.f32 %f2, 0f3F800001;
            mov.u32 %r3, 0;
        LOOP:
            fma.rn.f32 %f1, %f1, %f2, 0f3F000000;
            fma.rn.f32 %f1, %f1, %f2, 0f3F000000;
            fma.rn.f32 %f1, %f1, %f2, 0f3F000000;
            fma.rn.f32 %f1, %f1, %f2, 0f3F000000;
            add.u32 %r3, %r3, 1;
            setp.lt.u32 %p, %r3, %r1;
            @%p bra LOOP;
            cvta.to.global.u64 %rd2, %rd1;
            mul.wide.u32 %rd3, %r2, 4;
            add.u64 %rd4, %rd2, %rd3;
            st.global.f32 [%rd4], %f1;
            ret;
        }
        """;

    [LibraryImport(Library)] private static partial int cuInit(uint flags);
    [LibraryImport(Library)] private static partial int cuDeviceGet(out int device, int ordinal);
    [LibraryImport(Library, EntryPoint = "cuCtxCreate_v2")] private static partial int cuCtxCreate(out IntPtr context, uint flags, int device);
    [LibraryImport(Library, EntryPoint = "cuCtxDestroy_v2")] private static partial int cuCtxDestroy(IntPtr context);
    [LibraryImport(Library)] private static partial int cuModuleLoadData(out IntPtr module, byte* image);
    [LibraryImport(Library)] private static partial int cuModuleGetFunction(out IntPtr function, IntPtr module, byte* name);
    [LibraryImport(Library, EntryPoint = "cuMemAlloc_v2")] private static partial int cuMemAlloc(out ulong pointer, nuint bytes);
    [LibraryImport(Library, EntryPoint = "cuMemFree_v2")] private static partial int cuMemFree(ulong pointer);
    [LibraryImport(Library)] private static partial int cuCtxSynchronize();
    [LibraryImport(Library)]
    private static partial int cuLaunchKernel(IntPtr function, uint gridX, uint gridY, uint gridZ, uint blockX, uint blockY, uint blockZ,
        uint sharedBytes, IntPtr stream, void** parameters, void** extra);

    private static void Check(int code, string call)
    {
        if (code != 0)
            throw new InvalidOperationException($"{call} failed with CUDA error {code}");
    }

    /// <summary>Keeps GPU 0 (of the visible ones) busy for <paramref name="duration"/>; returns the kernel launches done.</summary>
    public static int Burn(TimeSpan duration)
    {
        Check(cuInit(0), "cuInit");
        Check(cuDeviceGet(out var device, 0), "cuDeviceGet");
        Check(cuCtxCreate(out var context, 0, device), "cuCtxCreate");
        try
        {
            var ptx = Encoding.ASCII.GetBytes(Ptx + "\0");
            var name = Encoding.ASCII.GetBytes("burn\0");
            IntPtr module, function;
            fixed (byte* p = ptx) Check(cuModuleLoadData(out module, p), "cuModuleLoadData");
            fixed (byte* n = name) Check(cuModuleGetFunction(out function, module, n), "cuModuleGetFunction");
            const uint threads = 256, blocks = 8192;
            Check(cuMemAlloc(out var output, threads * sizeof(float)), "cuMemAlloc");
            try
            {
                var iterations = 1u << 14;
                var launches = 0;
                var clock = System.Diagnostics.Stopwatch.StartNew();
                void** parameters = stackalloc void*[2];
                parameters[0] = &output;
                parameters[1] = &iterations; // read at each launch: doubling it below changes the next launch
                while (clock.Elapsed < duration)
                {
                    var launchStart = clock.Elapsed;
                    Check(cuLaunchKernel(function, blocks, 1, 1, threads, 1, 1, 0, IntPtr.Zero, parameters, null), "cuLaunchKernel");
                    Check(cuCtxSynchronize(), "cuCtxSynchronize");
                    launches++;
                    // Aim at ~100 ms per launch so the loop ends close to the requested duration.
                    var took = (clock.Elapsed - launchStart).TotalSeconds;
                    if (took < 0.05 && iterations < (1u << 30)) iterations *= 2;
                    else if (took > 0.3 && iterations > 1) iterations /= 2;
                }
                return launches;
            }
            finally
            {
                cuMemFree(output);
            }
        }
        finally
        {
            cuCtxDestroy(context);
        }
    }
}
