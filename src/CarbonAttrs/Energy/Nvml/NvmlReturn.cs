namespace CarbonAttrs.Energy.Nvml;

/// <summary>The <c>nvmlReturn_t</c> codes this library acts on (the rest are turned into text by <c>nvmlErrorString</c>).</summary>
internal static class NvmlReturn
{
    public const int Success = 0;
    public const int Uninitialized = 1;
    public const int InvalidArgument = 2;
    public const int NotSupported = 3;
    public const int NoPermission = 4;
    public const int NotFound = 6;
    public const int InsufficientSize = 7;
    public const int DriverNotLoaded = 9;
    public const int FunctionNotFound = 13;
    public const int GpuIsLost = 15;
    public const int Unknown = 999;
}

/// <summary><c>nvmlDeviceArchitecture_t</c> values.</summary>
internal static class NvmlArchitecture
{
    public const uint Kepler = 2;
    public const uint Maxwell = 3;
    public const uint Pascal = 4;
    public const uint Volta = 5;
    public const uint Turing = 6;
    public const uint Ampere = 7;
    public const uint Ada = 8;
    public const uint Hopper = 9;
    public const uint Blackwell = 10;
    public const uint Unknown = 0xFFFFFFFF;

    public static string Name(uint architecture) => architecture switch
    {
        Kepler => "Kepler",
        Maxwell => "Maxwell",
        Pascal => "Pascal",
        Volta => "Volta",
        Turing => "Turing",
        Ampere => "Ampere",
        Ada => "Ada",
        Hopper => "Hopper",
        Blackwell => "Blackwell",
        _ => "unknown",
    };

    /// <summary>Volta and newer have the cumulative energy counter (<c>nvmlDeviceGetTotalEnergyConsumption</c>).</summary>
    public static bool HasEnergyCounter(uint architecture) => architecture >= Volta && architecture != Unknown;
}
