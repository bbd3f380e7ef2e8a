using System.Diagnostics;
using System.Globalization;
using CarbonAttrs.Cli.Ledgers;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Footprint.Ledgers;
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
        }, barrier: (Path.Combine(_folder, "barrier-b"), 3))).ToList(); // job B's ranks start their windows together
        var slurmTotals = slurm.Select(Finish).ToList();
        var mpiTotals = mpi.Select(Finish).ToList();

        // Added up by the CLI's own accounting: what `carbonattrs report` prints for each folder.
        foreach (var job in new[] { (JobA, 4), (JobB, 3) })
        {
            var files = Directory.GetFiles(job.Item1, "*.csv");
            Assert.Equal(new[] { Path.Combine(job.Item1, "emissions.csv") }, files); // one shared file, one header
            var set = LedgerSet.Load(new[] { job.Item1 });
            Assert.Empty(set.Problems); // no torn or unreadable row
            Assert.Equal(job.Item2 * WindowsPerRank * 2, set.Rows.Count); // every outer and nested row of every process
            Assert.Equal(1, File.ReadLines(files[0]).Count(l => l == LedgerColumns.Header));
        }

        // Process mode: each rank's rows are its own share, so the job's total is the sum of every process's own.
        var jobA = Merge(JobA);
        Assert.Equal(new[] { "0", "1", "2", "3" }, jobA.Counted.Where(c => c.Fraction > 0).Select(c => c.Row.Rank).Distinct().OrderBy(r => r, StringComparer.Ordinal));
        Assert.Equal(4 * WindowsPerRank, jobA.Totals.CountedRuns);
        Assert.Equal(4 * WindowsPerRank, jobA.Totals.NestedRows);
        Assert.Equal(0, jobA.Totals.OverlappingRows);
        Assert.Equal(0, jobA.Totals.SupersededRows);
        AssertClose(slurmTotals.Sum(t => t.EnergyKwh), jobA.Totals.EnergyKwh);
        AssertClose(slurmTotals.Sum(t => t.EmissionsKg), jobA.Totals.EmissionsKg);

        // Machine mode: every rank's rows hold everything the host drew while they were open. The CLI counts each
        // stretch of host time once: a row counts the share of its window not already covered by an earlier-started
        // row of another rank (energy taken as even over the window; docs/cli.md, "Counting every joule once").
        // Had the three ranks' windows coincided exactly that is one rank's total; started together behind a
        // barrier they overlap heavily but not exactly, so the expectation is the host-time rule itself, computed
        // here instant by instant from the ledger rows, whose per-rank sums must first match what each rank measured.
        var jobB = Merge(JobB);
        var outerRows = jobB.Set.Rows.Where(r => r.ParentRunId is null).ToArray();
        Assert.Equal(new[] { Environment.MachineName }, jobB.Set.Rows.Select(r => r.Host).Distinct());
        Assert.All(jobB.Set.Rows, r => Assert.Equal("machine", r.TrackingMode));
        for (var rank = 0; rank < 3; rank++)
        {
            var own = outerRows.Where(r => r.Rank == rank.ToString(CultureInfo.InvariantCulture)).ToArray();
            Assert.Equal(WindowsPerRank, own.Length);
            AssertClose(mpiTotals[rank].EnergyKwh, own.Sum(r => r.EnergyKwh));
        }
        Assert.Equal(3 * WindowsPerRank, jobB.Totals.NestedRows);
        Assert.True(jobB.Totals.OverlappingRows > 0, "the ranks ran at once, so some machine-mode windows overlap");
        AssertClose(HostTimeCountedOnce(outerRows), jobB.Totals.EnergyKwh);
        Assert.True(jobB.Totals.EnergyKwh < mpiTotals.Sum(t => t.EnergyKwh)); // what naive summing would have reported
    }

    private static (LedgerSet Set, IReadOnlyList<CountedRow> Counted, Totals Totals) Merge(string folder)
    {
        var set = LedgerSet.Load(new[] { folder });
        var counted = EnergyAccounting.Count(set.Rows);
        return (set, counted, Totals.From(counted));
    }

    /// <summary>
    /// The machine-mode rule evaluated piece by piece of time: cut the timeline at every window edge; within each
    /// piece, a row's energy there counts unless a row of another rank that started earlier also covers the piece.
    /// </summary>
    private static double HostTimeCountedOnce(IReadOnlyList<LedgerRow> rows)
    {
        var edges = rows.SelectMany(r => new[] { r.Start, r.End }).Distinct().Order().ToArray();
        var total = 0.0;
        for (var i = 0; i + 1 < edges.Length; i++)
        {
            var (from, to) = (edges[i], edges[i + 1]);
            var covering = rows.Where(r => r.Start <= from && r.End >= to && r.DurationSeconds > 0).ToArray();
            foreach (var row in covering)
            {
                var coveredByEarlierRank = covering.Any(o => o.Rank != row.Rank &&
                    (o.Start < row.Start || (o.Start == row.Start && o.EnergyKwh > row.EnergyKwh)));
                if (!coveredByEarlierRank)
                    total += row.EnergyKwh * (to - from).TotalSeconds / (row.End - row.Start).TotalSeconds;
            }
        }
        return total;
    }

    private Process Start(string outputFolder, Dictionary<string, string> environment, (string Folder, int Count)? barrier = null)
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
        if (barrier is { } wait)
        {
            Directory.CreateDirectory(wait.Folder);
            info.ArgumentList.Add(wait.Folder);
            info.ArgumentList.Add(wait.Count.ToString(CultureInfo.InvariantCulture));
        }
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
