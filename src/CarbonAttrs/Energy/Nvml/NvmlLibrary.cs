using System.Reflection;
using System.Runtime.InteropServices;

namespace CarbonAttrs.Energy.Nvml;

/// <summary>
/// Finds and loads the NVML library once per process: <c>CARBONATTRS_NVML_LIBRARY</c> (or
/// <see cref="CarbonAttrsOptions.NvmlLibrary"/>) when set, else <c>libnvidia-ml.so.1</c> / <c>nvml.dll</c>.
/// On .NET 8+ a <c>DllImportResolver</c> binds <see cref="NvmlNative.LibraryName"/> to the loaded handle;
/// the first library loaded stays bound for the life of the process (the runtime caches the binding).
/// </summary>
internal static class NvmlLibrary
{
    private static readonly object Gate = new();
    private static string? _boundTo;
#if NET8_0_OR_GREATER
    private static IntPtr _handle;
    private static bool _resolverInstalled;
#endif

    public static string DefaultName => RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "nvml.dll" : "libnvidia-ml.so.1";

    /// <summary>The library named by the options, or the platform default.</summary>
    public static string Choose(CarbonAttrsOptions options)
        => string.IsNullOrWhiteSpace(options.NvmlLibrary) ? DefaultName : options.NvmlLibrary!.Trim();

    /// <summary>The library NVML calls are bound to, once one was loaded.</summary>
    public static string? BoundTo => Volatile.Read(ref _boundTo);

    /// <summary>
    /// Loads <paramref name="nameOrPath"/> and binds NVML calls to it; true at once when it is already the bound one;
    /// false with a reason when it cannot be loaded or another library is bound already.
    /// </summary>
    public static bool TryLoad(string nameOrPath, out string reason)
    {
        lock (Gate)
        {
            reason = "";
            if (_boundTo is not null)
            {
                if (string.Equals(_boundTo, nameOrPath, StringComparison.Ordinal))
                    return true;
                reason = $"NVML is already bound to {_boundTo} in this process, so {nameOrPath} cannot be used (restart the process to change CARBONATTRS_NVML_LIBRARY)";
                return false;
            }
#if NET8_0_OR_GREATER
            if (!NativeLibrary.TryLoad(nameOrPath, Assembly.GetExecutingAssembly(), DllImportSearchPath.SafeDirectories | DllImportSearchPath.AssemblyDirectory, out var handle)
                && !NativeLibrary.TryLoad(nameOrPath, out handle))
            {
                reason = $"{nameOrPath} could not be loaded (no NVIDIA driver, or not on the library path)";
                return false;
            }
            _handle = handle;
            if (!_resolverInstalled)
            {
                try
                {
                    NativeLibrary.SetDllImportResolver(typeof(NvmlLibrary).Assembly, Resolve);
                    _resolverInstalled = true;
                }
                catch (InvalidOperationException)
                {
                    reason = "another DllImportResolver is installed on the CarbonAttrs assembly";
                    return false;
                }
            }
#else
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && nameOrPath.IndexOfAny(new[] { '\\', '/' }) >= 0 && LoadLibraryW(nameOrPath) == IntPtr.Zero)
            {
                reason = $"{nameOrPath} could not be loaded";
                return false;
            }
#endif
            Volatile.Write(ref _boundTo, nameOrPath);
            return true;
        }
    }

#if NET8_0_OR_GREATER
    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
        => libraryName == NvmlNative.LibraryName ? Volatile.Read(ref _handle) : IntPtr.Zero;
#else
    [DllImport("kernel32", CharSet = CharSet.Unicode, SetLastError = true)]
    private static extern IntPtr LoadLibraryW(string path);
#endif
}
