using System.Reflection;

namespace CarbonAttrs;

/// <summary>
/// Facts shared by every row of a process: project, host, library version, and where the process sits
/// in a multi-process job (rank, world size, local rank, job id) as the usual launchers say it:
/// torchrun / torch.distributed (<c>RANK</c>, <c>WORLD_SIZE</c>, <c>LOCAL_RANK</c>, <c>TORCHELASTIC_RUN_ID</c>),
/// Slurm (<c>SLURM_PROCID</c>, <c>SLURM_NTASKS</c>, <c>SLURM_LOCALID</c>, <c>SLURM_JOB_ID</c>), Open MPI
/// (<c>OMPI_COMM_WORLD_RANK</c>, <c>OMPI_COMM_WORLD_SIZE</c>, <c>OMPI_COMM_WORLD_LOCAL_RANK</c>) and MPICH/PMI
/// (<c>PMI_RANK</c>, <c>PMI_SIZE</c>). <c>CARBONATTRS_JOB_ID</c> names the job when no launcher does.
/// </summary>
internal sealed class RunContext
{
    public string ProjectName { get; init; } = "";
    public string Host { get; init; } = "";
    /// <summary>Global rank of this process ("" outside a multi-process job).</summary>
    public string Rank { get; init; } = "";
    /// <summary>Number of processes in the job ("" when unknown).</summary>
    public string WorldSize { get; init; } = "";
    /// <summary>Rank among the processes of this host ("" when unknown).</summary>
    public string LocalRank { get; init; } = "";
    /// <summary>Id every rank of one job shares (the <c>job_id</c> column, and <c>carbonattrs.job_id</c> on metrics and spans); "" outside a job.</summary>
    public string JobId { get; init; } = "";
    public string Version { get; init; } = "";

    /// <summary>
    /// The row this process runs inside, from <c>CARBONATTRS_PARENT_RUN_ID</c> (set by <c>carbonattrs run</c> for the
    /// command it measures): top-level rows name it as <c>parent_run_id</c>, so a report counts the joules once, in the
    /// outer row that measured the whole process tree. Null when unset or not a GUID.
    /// </summary>
    public Guid? ParentRunId { get; init; }

    /// <summary>The environment variable <see cref="ParentRunId"/> comes from.</summary>
    public const string ParentRunIdVariable = "CARBONATTRS_PARENT_RUN_ID";

    public static RunContext Detect(CarbonAttrsOptions options, Func<string, string?> env) => new()
    {
        ProjectName = options.ProjectName ?? Assembly.GetEntryAssembly()?.GetName().Name ?? "",
        Host = SafeMachineName(),
        // torchrun's variables first: under `srun torchrun` SLURM_PROCID is the node, RANK the process.
        Rank = First(env, "RANK", "SLURM_PROCID", "OMPI_COMM_WORLD_RANK", "PMI_RANK"),
        WorldSize = First(env, "WORLD_SIZE", "SLURM_NTASKS", "OMPI_COMM_WORLD_SIZE", "PMI_SIZE"),
        LocalRank = First(env, "LOCAL_RANK", "SLURM_LOCALID", "OMPI_COMM_WORLD_LOCAL_RANK", "MPI_LOCALRANKID"),
        JobId = JobIdFrom(env),
        Version = LibraryVersion,
        ParentRunId = Guid.TryParse(First(env, ParentRunIdVariable), out var parent) ? parent : null,
    };

    private static string JobIdFrom(Func<string, string?> env)
    {
        var explicitId = First(env, "CARBONATTRS_JOB_ID");
        if (explicitId.Length > 0)
            return explicitId;
        var slurm = First(env, "SLURM_JOB_ID", "SLURM_JOBID");
        if (slurm.Length > 0)
        {
            // Steps of one allocation are separate runs; "1234.0" keeps them apart.
            var step = First(env, "SLURM_STEP_ID", "SLURM_STEPID");
            return step.Length > 0 ? slurm + "." + step : slurm;
        }
        var torchElastic = First(env, "TORCHELASTIC_RUN_ID");
        if (torchElastic.Length > 0)
            return torchElastic;
        // Open MPI has no job id variable of its own; its PMIx namespace is unique per mpirun.
        return First(env, "PMIX_NAMESPACE", "PBS_JOBID", "LSB_JOBID");
    }

    private static string First(Func<string, string?> env, params string[] names)
    {
        foreach (var name in names)
        {
            var value = env(name);
            if (!string.IsNullOrWhiteSpace(value))
                return value!.Trim();
        }
        return "";
    }

    public static string LibraryVersion { get; } =
        typeof(RunContext).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(RunContext).Assembly.GetName().Version?.ToString() ?? "";

    private static string SafeMachineName()
    {
        try { return Environment.MachineName; }
        catch (InvalidOperationException) { return ""; }
    }
}
