using System.Runtime.InteropServices;

namespace CarbonAttrs.Energy.Nvml;

/// <summary>An NVML call that returned an error, with NVML's own text for the code.</summary>
internal sealed class NvmlException : Exception
{
    public NvmlException(string function, int code) : base($"{function} failed: {Describe(code)}")
    {
        Function = function;
        Code = code;
    }

    public string Function { get; }
    public int Code { get; }

    /// <summary>Throws when <paramref name="code"/> is not success.</summary>
    public static void Check(int code, string function)
    {
        if (code != NvmlReturn.Success)
            throw new NvmlException(function, code);
    }

    /// <summary><c>nvmlErrorString</c>'s text and the number, e.g. <c>Not Supported (3)</c>.</summary>
    public static string Describe(int code)
    {
        string? text = null;
        try
        {
            var pointer = NvmlNative.ErrorString(code);
            if (pointer != IntPtr.Zero)
                text = Marshal.PtrToStringAnsi(pointer);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            // Describing an error must not raise another one.
        }
        return $"{(string.IsNullOrEmpty(text) ? "NVML error" : text)} ({code})";
    }
}
