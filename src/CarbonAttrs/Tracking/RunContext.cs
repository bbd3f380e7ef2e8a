using System.Reflection;

namespace CarbonAttrs;

/// <summary>Facts shared by every row of a process: project, host, rank, library version.</summary>
internal sealed class RunContext
{
    public string ProjectName { get; init; } = "";
    public string Host { get; init; } = "";
    public string Rank { get; init; } = "";
    public string Version { get; init; } = "";

    public static RunContext Detect(CarbonAttrsOptions options, Func<string, string?> env) => new()
    {
        ProjectName = options.ProjectName ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "",
        Host = SafeMachineName(),
        Rank = env("RANK") ?? env("SLURM_PROCID") ?? env("OMPI_COMM_WORLD_RANK") ?? env("PMI_RANK") ?? "",
        Version = LibraryVersion,
    };

    public static string LibraryVersion { get; } =
        typeof(RunContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunContext).Assembly.GetName().Version?.ToString() ?? "";

    private static string SafeMachineName()
    {
        try { return Environment.MachineName; }
        catch (InvalidOperationException) { return ""; }
    }
}
