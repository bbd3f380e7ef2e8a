namespace CarbonAttrs.Energy;

/// <summary>
/// The processes whose share of the machine a <c>process</c>-mode runtime bills: their CPU time (for the share of
/// the CPU counter or the CPU estimate), their resident memory (RAM) and their process ids (NVML's per-process
/// lists). A tracked program bills itself (<see cref="CurrentProcessBilling"/>); <c>carbonattrs run</c> bills
/// the process tree of the command it starts.
/// </summary>
internal interface IBilledProcesses
{
    /// <summary>CPU seconds (user + system) the processes have used since some fixed origin; never decreases. Called by the sampler.</summary>
    double CpuSeconds();

    /// <summary>Resident memory of the processes now, in GiB.</summary>
    double ResidentGb();

    /// <summary>True when <paramref name="processId"/> is one of the billed processes (as of the last <see cref="CpuSeconds"/> call).</summary>
    bool Includes(uint processId);
}

/// <summary>The default billed subject: this process alone.</summary>
internal sealed class CurrentProcessBilling : IBilledProcesses
{
    public static readonly CurrentProcessBilling Instance = new();

    private static readonly uint ProcessId = (uint)CurrentProcessId();

    private CurrentProcessBilling() { }

    public double CpuSeconds() => ProcessCpuTime.TotalSeconds();

    public double ResidentGb() => ProcessMemory.ResidentGb();

    public bool Includes(uint processId) => processId == ProcessId;

    private static int CurrentProcessId()
    {
#if NET8_0_OR_GREATER
        return Environment.ProcessId;
#else
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.Id;
#endif
    }
}
