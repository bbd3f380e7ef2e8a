namespace CarbonAttrs.TorchSharp.Tests.MultiRank;

public class RunContextTests
{
    private static RunContext Detect(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        return RunContext.Detect(new CarbonAttrsOptions { ProjectName = "p" }, name => map.TryGetValue(name, out var v) ? v : null);
    }

    [Fact]
    public void TorchrunVariables()
    {
        var context = Detect(("RANK", "5"), ("WORLD_SIZE", "8"), ("LOCAL_RANK", "1"), ("TORCHELASTIC_RUN_ID", "elastic-7"));
        Assert.Equal(("5", "8", "1", "elastic-7"), (context.Rank, context.WorldSize, context.LocalRank, context.JobId));
    }

    [Fact]
    public void SlurmVariablesWithAStep()
    {
        var context = Detect(("SLURM_PROCID", "3"), ("SLURM_NTASKS", "4"), ("SLURM_LOCALID", "0"), ("SLURM_JOB_ID", "123456"), ("SLURM_STEP_ID", "2"));
        Assert.Equal(("3", "4", "0", "123456.2"), (context.Rank, context.WorldSize, context.LocalRank, context.JobId));
    }

    [Fact]
    public void OpenMpiVariables()
    {
        var context = Detect(("OMPI_COMM_WORLD_RANK", "2"), ("OMPI_COMM_WORLD_SIZE", "3"), ("OMPI_COMM_WORLD_LOCAL_RANK", "2"), ("PMIX_NAMESPACE", "prterun-node-123@1"));
        Assert.Equal(("2", "3", "2", "prterun-node-123@1"), (context.Rank, context.WorldSize, context.LocalRank, context.JobId));
    }

    [Fact]
    public void TorchrunUnderSrunTakesTheProcessRankNotTheNodeRank()
    {
        var context = Detect(("SLURM_PROCID", "1"), ("RANK", "9"), ("SLURM_JOB_ID", "77"), ("TORCHELASTIC_RUN_ID", "ignored"));
        Assert.Equal(("9", "77"), (context.Rank, context.JobId));
    }

    [Fact]
    public void ExplicitJobIdWinsAndBlankValuesAreIgnored()
    {
        var context = Detect(("CARBONATTRS_JOB_ID", " sweep-42 "), ("SLURM_JOB_ID", "77"), ("RANK", "  "), ("SLURM_PROCID", "4"));
        Assert.Equal(("4", "sweep-42"), (context.Rank, context.JobId));
    }

    [Fact]
    public void ASingleProcessHasNoRankAndNoJob()
    {
        var context = Detect();
        Assert.Equal(("", "", "", ""), (context.Rank, context.WorldSize, context.LocalRank, context.JobId));
        Assert.NotEqual("", context.Host);
    }
}
