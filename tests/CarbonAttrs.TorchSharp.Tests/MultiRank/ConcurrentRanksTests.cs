using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Ledger;

namespace CarbonAttrs.TorchSharp.Tests.MultiRank;

/// <summary>
/// Real processes with launcher variables (Slurm for one job, Open MPI for another) append at the same
/// time, each job's ranks to one shared output folder; each merged ledger must hold every row whole and
/// count each joule once.
/// </summary>
public sealed class ConcurrentRanksTests : IDisposable
{
    private const int WindowsPerRank = 40;
    private readonly string _folder = Directory.CreateTempSubdirectory("carbonattrs-ranks-").FullName;
    private string JobA => Path.Combine(_folder, "job-a");
    private string JobB => Path.Combine(_folder, "job-b");

    [Fact]
    public void RanksWritingOneFolderConcurrentlyMergeWithoutLossTearsOrDoubleCounting()
    {
        // Job A: 4 Slurm ranks in process mode (each counts its own share). Job B: 3 Open MPI ranks on this
        // host in machine mode (each sees the whole machine). All 7 processes run at once.
        var slurm = Enumerable.Range(0, 4).Select(rank => Start(JobA, new Dictionary<string, string>
        {
            ["SLURM_JOB_ID"] = "4242", ["SLURM_PROCID"] = rank.ToString(CultureInfo.InvariantCulture),
            ["SLURM_NTASKS"] = "4", ["SLURM_LOCALID"] = rank.ToString(CultureInfo.InvariantCulture),
            ["CARBONATTRS_TRACKING_MODE"] = "process",
        })).ToList();
        var mpi = Enumerable.Range(0, 3).Select(rank => Start(JobB, new Dictionary<string, string>
        {
            ["PMIX_NAMESPACE"] = "mpirun-job-b", ["OMPI_COMM_WORLD_RANK"] = rank.ToString(CultureInfo.InvariantCulture),
            ["OMPI_COMM_WORLD_SIZE"] = "3", ["OMPI_COMM_WORLD_LOCAL_RANK"] = rank.ToString(CultureInfo.InvariantCulture),
            ["CARBONATTRS_TRACKING_MODE"] = "machine",
        })).ToList();
        var slurmTotals = slurm.Select(Finish).ToList();
        var mpiTotals = mpi.Select(Finish).ToList();

        foreach (var job in new[] { (JobA, 4), (JobB, 3) })
        {
            var files = Directory.GetFiles(job.Item1, "*.csv");
            Assert.Equal(new[] { Path.Combine(job.Item1, "emissions.csv") }, files); // one shared file, one header
            var merged = RankLedgerMerge.Merge(files);
            Assert.Equal(0, merged.TornRows);
            Assert.Equal(job.Item2 * WindowsPerRank * 2, merged.Rows); // every outer and nested row of every process
            Assert.Equal(1, File.ReadLines(files[0]).Count(l => l == LedgerColumns.Header));
        }

        var jobA = RankLedgerMerge.Merge(new[] { Path.Combine(JobA, "emissions.csv") });
        Assert.Equal(new[] { "0", "1", "2", "3" }, jobA.Ranks);
        Assert.Equal(4 * WindowsPerRank, jobA.CountedRows);
        Assert.Equal(4 * WindowsPerRank, jobA.NestedRows);
        Assert.Equal(0, jobA.DuplicateMachineRows);
        AssertClose(slurmTotals.Sum(t => t.EnergyKwh), jobA.EnergyKwh);
        AssertClose(slurmTotals.Sum(t => t.EmissionsKg), jobA.EmissionsKg);

        // Machine-wide energy is counted once for the host: only rank 0, the lowest rank there, counts.
        var jobB = RankLedgerMerge.Merge(new[] { Path.Combine(JobB, "emissions.csv") });
        Assert.Equal(new[] { "0" }, jobB.Ranks);
        Assert.Equal(new[] { Environment.MachineName }, jobB.Hosts);
        Assert.Equal(WindowsPerRank, jobB.CountedRows);
        Assert.Equal(2 * WindowsPerRank, jobB.DuplicateMachineRows);
        AssertClose(mpiTotals[0].EnergyKwh, jobB.EnergyKwh);
        AssertClose(mpiTotals[0].EmissionsKg, jobB.EmissionsKg);
        Assert.True(jobB.EnergyKwh < mpiTotals.Sum(t => t.EnergyKwh)); // what naive summing would have reported
    }

    private Process Start(string outputFolder, Dictionary<string, string> environment)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(RankWorker).Assembly.Location);
        info.ArgumentList.Add(RankWorker.Verb);
        info.ArgumentList.Add(WindowsPerRank.ToString(CultureInfo.InvariantCulture));
        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.StartsWith("CARBONATTRS_", StringComparison.Ordinal) || name.StartsWith("SLURM_", StringComparison.Ordinal) ||
                name.StartsWith("OMPI_", StringComparison.Ordinal) || name.StartsWith("PMIX_", StringComparison.Ordinal) ||
                name is "RANK" or "WORLD_SIZE" or "LOCAL_RANK" or "TORCHELASTIC_RUN_ID")
                info.Environment.Remove(name);
        }
        info.Environment["CARBONATTRS_OUTPUT_DIR"] = outputFolder;
        info.Environment["CARBONATTRS_INTENSITY_G_PER_KWH"] = "300";
        info.Environment["CARBONATTRS_SAMPLE_INTERVAL_MS"] = "10";
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        return Process.Start(info)!;
    }

    private static (double EnergyKwh, double EmissionsKg) Finish(Process process)
    {
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(3)), "a rank worker did not finish");
        Assert.True(process.ExitCode == 0, $"rank worker failed ({process.ExitCode}): {stderr.Result}");
        var totals = stdout.Result.Split('\n').Single(l => l.StartsWith("TOTALS ", StringComparison.Ordinal)).Split(' ');
        Assert.Equal(WindowsPerRank.ToString(CultureInfo.InvariantCulture), totals[1]);
        process.Dispose();
        return (double.Parse(totals[2], CultureInfo.InvariantCulture), double.Parse(totals[3], CultureInfo.InvariantCulture));
    }

    private static void AssertClose(double expected, double actual)
        => Assert.True(Math.Abs(expected - actual) <= 1e-9 * Math.Max(Math.Abs(expected), 1e-12), $"expected {expected:R}, merged {actual:R}");

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
