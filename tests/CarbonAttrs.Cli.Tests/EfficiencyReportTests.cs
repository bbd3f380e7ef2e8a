using System.Globalization;
using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Tests.Support;

namespace CarbonAttrs.Cli.Tests;

/// <summary>The report's efficiency section (FLOPs, samples, joules per sample) and its readability rules, on hand-written ledgers.</summary>
public class EfficiencyReportTests
{
    // Three runs of 60 s. Run k (k = 1, 2, 3): k × 3 TFLOP, k × 60 000 samples, k × 0.01 kWh = k × 36 000 J. So every run has
    // 0.6 J per sample, 50 MFLOP per sample, k × 50 GFLOP/s and 12 000 J per TFLOP.
    private static string WriteEfficiencySweep(TempFolder dir, bool withFlops = true)
    {
        var rows = new List<TestRow>();
        var results = new[] { "0.8192", "0.8167", "0.9" };
        for (var k = 1; k <= 3; k++)
        {
            rows.Add(new TestRow
            {
                Method = "Trainer.Train", Experiment = "mlp", End = new DateTime(2026, 11, 20, 10, k, 0, DateTimeKind.Utc), Seconds = 60,
                CpuKwh = 0.01 * k, GpuKwh = 0, RamKwh = 0,
                Hyperparameters = $"{{\"lr\":{0.1 / k},\"hidden\":{32 * k},\"epochs\":5,\"model\":\"Sequential\",\"model_device\":\"cpu\"}}",
                Result = results[k - 1],
                Flops = withFlops ? (3e12 * k).ToString("R", CultureInfo.InvariantCulture) : "",
                Samples = withFlops ? (60_000 * k).ToString(CultureInfo.InvariantCulture) : "",
            });
        }
        return LedgerWriter.Write(dir.File("emissions.csv"), rows);
    }

    private static string MarkdownOf(string ledger)
    {
        var outcome = CliRunner.Run("report", ledger);
        Assert.True(outcome.ExitCode == 0, outcome.Error);
        return outcome.Output;
    }

    [Fact]
    public void The_efficiency_section_gives_flops_samples_and_energy_per_sample_per_method_and_per_sweep_run()
    {
        using var dir = new TempFolder();
        var ledger = WriteEfficiencySweep(dir);

        var outcome = CliRunner.Run("report", ledger, "--md", dir.File("r.md"), "--html", dir.File("r.html"));

        Assert.Equal(0, outcome.ExitCode);
        var md = File.ReadAllText(dir.File("r.md"));
        Assert.Contains("## Efficiency", md);
        // Per method: 18 TFLOP over 3 runs = 6 TFLOP per run, 360 000 samples (k), 0.6 J and 50 MFLOP per sample,
        // 18 TFLOP / 180 s = 100 GFLOP/s, 216 000 J / 18 TFLOP = 12 000 J per TFLOP.
        Assert.Contains("| method | runs | FLOPs per run (TFLOP) | samples (k) | energy per sample (J) | per sample (MFLOP) | achieved (GFLOP/s) | J per TFLOP |", md);
        Assert.Contains("| Trainer.Train | 3 | 6 | 360 | 0.6 | 50 | 100 | 12,000 |", md);
        // Per sweep run, labelled by what varies, with its result.
        Assert.Contains("| hyperparameters | result | FLOPs (TFLOP) | samples (k) | energy per sample (J) | per sample (MFLOP) | achieved (GFLOP/s) | J per TFLOP |", md);
        Assert.Contains("| lr=0.05, hidden=64 | 0.817 | 6 | 120 | 0.6 | 50 | 100 | 12,000 |", md);
        var html = File.ReadAllText(dir.File("r.html"));
        Assert.Contains("<h2 id=\"efficiency\">Efficiency</h2>", html);
        Assert.Contains("<td class=\"n\">12,000</td>", html);
    }

    [Fact]
    public void The_statement_adds_flops_and_samples_where_known()
    {
        using var dir = new TempFolder();
        var ledger = WriteEfficiencySweep(dir);

        var md = MarkdownOf(ledger);

        Assert.Contains("The runs performed 18 TFLOP (1.8e13 floating-point operations, counted for all 3 runs;", md);
        Assert.Contains("and processed 360,000 samples (counted for all 3 runs): 0.6 J per sample, 50 MFLOP per sample, 12,000 J per TFLOP, 100 GFLOP/s achieved.", md);
    }

    [Fact]
    public void Without_counts_there_is_no_flop_sentence_and_the_section_says_how_to_count()
    {
        using var dir = new TempFolder();
        var ledger = WriteEfficiencySweep(dir, withFlops: false);

        var md = MarkdownOf(ledger);

        Assert.DoesNotContain("floating-point operations", md);
        Assert.Contains("No row recorded FLOPs or samples. Count them with CarbonTorch.CountFlops(model)", md);
    }

    [Fact]
    public void X_flops_plots_the_result_against_flops_per_run()
    {
        using var dir = new TempFolder();
        var ledger = WriteEfficiencySweep(dir);

        var outcome = CliRunner.Run("report", ledger, "--out", dir.File("out"), "--x", "flops");

        Assert.Equal(0, outcome.ExitCode);
        var html = File.ReadAllText(dir.File("out/report.html"));
        Assert.Contains("Accuracy vs FLOPs: Trainer.Train (mlp)", html);
        Assert.Contains("lr=0.03333333333333333, hidden=96 → 0.900 at 9 TFLOP", html); // the alt text names the frontier in FLOPs
        ReportCommandTests.AssertPngNotBlank(dir.File("out/sweep-1.png"));

        var energyOnly = WriteEfficiencySweep(new TempFolder(), withFlops: false);
        var fallback = CliRunner.Run("report", energyOnly, "--html", dir.File("e.html"), "--x", "flops");
        Assert.Equal(0, fallback.ExitCode);
        Assert.Contains("note: --x flops: no run of sweep Trainer.Train (mlp) recorded FLOPs", fallback.Error);
        Assert.Contains("Accuracy vs energy: Trainer.Train (mlp)", File.ReadAllText(dir.File("e.html")));
    }

    [Fact]
    public void Only_varying_hyperparameters_label_rows_and_chart_points_and_the_constant_ones_appear_once()
    {
        using var dir = new TempFolder();
        var ledger = WriteEfficiencySweep(dir);

        CliRunner.Run("report", ledger, "--md", dir.File("r.md"), "--html", dir.File("r.html"));

        var md = File.ReadAllText(dir.File("r.md"));
        var html = File.ReadAllText(dir.File("r.html"));
        Assert.Contains("Same in every run: epochs=5, model=Sequential, model\\_device=cpu.", md);
        Assert.Contains("| lr=0.1, hidden=32 | 0.819 |", md);
        Assert.DoesNotContain("epochs=5,", md.Replace("Same in every run: epochs=5,", ""));
        var alt = System.Text.RegularExpressions.Regex.Match(html, "alt=\"(Scatter chart of result against energy[^\"]*)\"").Groups[1].Value;
        Assert.Contains("lr=0.1, hidden=32", alt);
        Assert.DoesNotContain("epochs", alt);
    }

    [Fact]
    public void Model_facts_that_follow_from_the_hyperparameters_leave_the_labels_for_a_parameters_column()
    {
        using var dir = new TempFolder();
        var rows = new[] { (64, 6532, "0.806"), (256, 75268, "0.815") }.Select((r, i) => new TestRow
        {
            Experiment = "mlp-sweep", End = new DateTime(2026, 11, 20, 10, i, 0, DateTimeKind.Utc),
            Hyperparameters = $"{{\"learningRate\":0.01,\"hiddenUnits\":{r.Item1},\"epochs\":2,\"model\":\"Sequential\",\"model_parameters\":{r.Item2},\"model_trainable_parameters\":{r.Item2}}}",
            Result = r.Item3,
        }).ToArray();

        var md = MarkdownOf(LedgerWriter.Write(dir.File("emissions.csv"), rows));

        Assert.Contains("| hyperparameters | result | parameters | energy (Wh) | CO2eq (g) | duration | Pareto |", md);
        Assert.Contains("| hiddenUnits=256 | 0.815 | 75,268 |", md);
        Assert.DoesNotContain("model\\_parameters=", md);
        Assert.DoesNotContain("| model\\_parameters | runs |", md); // no sensitivity table for a fact that follows hiddenUnits
        Assert.Contains("| hiddenUnits | runs | mean result | best result |", md);
    }

    [Fact]
    public void Results_get_the_digits_that_tell_them_apart()
    {
        Assert.Equal(("0.819", "0.817"), (ResultFormat.For(new[] { 0.8192, 0.8167 }).Format(0.8192), ResultFormat.For(new[] { 0.8192, 0.8167 }).Format(0.8167)));
        Assert.Equal("0.81934", ResultFormat.For(new[] { 0.81931, 0.81934 }).Format(0.81934));
        Assert.Equal("12.3", ResultFormat.For(new[] { 12.3456, 11.1 }).Format(12.3456));
        Assert.Equal("0.0123", ResultFormat.For(new[] { 0.0123 }).Format(0.0123)); // three significant figures, not 0.01

        using var dir = new TempFolder();
        var md = MarkdownOf(WriteEfficiencySweep(dir));
        Assert.Contains("Best result 0.900 (lr=0.03333333333333333, hidden=96)", md);
        Assert.Contains("| lr=0.1, hidden=32 | 0.819 |", md);
        Assert.Contains("| lr=0.05, hidden=64 | 0.817 |", md);
    }

    [Fact]
    public void Each_table_has_one_energy_unit_and_no_zero_kwh_among_joules()
    {
        using var dir = new TempFolder();
        // Small runs (joules) with no GPU energy: the GPU column and total must read "0" in joules, not "0 kWh".
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[]
        {
            new TestRow { Method = "Small.Step", CpuKwh = 2e-6, GpuKwh = 0, RamKwh = 1e-7 },
            new TestRow { Method = "Small.Eval", CpuKwh = 5e-7, GpuKwh = 0, RamKwh = 0, End = new DateTime(2026, 11, 20, 11, 0, 0, DateTimeKind.Utc) },
        });

        var md = MarkdownOf(path);

        Assert.DoesNotContain("0 kWh", md);
        Assert.Contains("| method | rows | calls | failed | median duration | total duration | energy (J) | CPU (J) | GPU (J) | RAM (J) | CO2eq (mg) |", md);
        Assert.Contains("| Small.Step | 1 | 1 | 0 | 1 min 0 s | 1 min 0 s | 7.56 | 7.2 | 0 | 0.36 | 0.21 |", md);
        Assert.Contains("| GPU energy | 0 J |", md);
    }

    [Fact]
    public void The_energy_over_time_axis_of_a_single_run_spans_that_run_not_days()
    {
        var end = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        var plot = new ScottPlot.Plot();
        plot.Add.ScatterPoints(new[] { end.UtcDateTime.ToOADate() }, new[] { 5.0 });
        plot.Axes.DateTimeTicksBottom();

        SweepAxes.FitTimeline(plot, new[] { (end.AddSeconds(-60), end) }, 5.0);

        var limits = plot.Axes.GetLimits();
        var span = TimeSpan.FromDays(limits.Right - limits.Left);
        Assert.InRange(span, TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4)); // the run's minute and a minute each side
        Assert.True(limits.Left < end.AddSeconds(-60).UtcDateTime.ToOADate() && limits.Right > end.UtcDateTime.ToOADate());
        Assert.Equal(0, limits.Bottom);
        Assert.Equal(5.75, limits.Top, 6);
    }

    [Fact]
    public void A_single_run_sweep_chart_frames_its_point()
    {
        var plot = new ScottPlot.Plot();
        plot.Add.ScatterPoints(new[] { 40.0 }, new[] { 0.8 });

        SweepAxes.FitFewPoints(plot, new[] { 40.0 }, new[] { 0.8 });

        var limits = plot.Axes.GetLimits();
        Assert.True(limits.Left < 40 && limits.Right > 40 && limits.Right - limits.Left < 100, $"x from {limits.Left} to {limits.Right}");
        Assert.True(limits.Bottom < 0.8 && limits.Top > 0.8 && limits.Top - limits.Bottom < 0.2, $"y from {limits.Bottom} to {limits.Top}");
    }

    [Fact]
    public void Each_sweep_shows_result_and_energy_against_each_varying_hyperparameter()
    {
        using var dir = new TempFolder();
        var rows = new List<TestRow>();
        var minute = 0;
        foreach (var lr in new[] { "0.1", "0.01" })
        foreach (var hidden in new[] { 32, 64 })
        {
            rows.Add(new TestRow
            {
                Experiment = "grid", End = new DateTime(2026, 11, 20, 10, minute++, 0, DateTimeKind.Utc), CpuKwh = hidden / 1000.0, GpuKwh = 0, RamKwh = 0,
                Hyperparameters = $"{{\"lr\":{lr},\"hidden\":{hidden},\"epochs\":5}}",
                Result = (lr == "0.01" ? 0.9 : 0.8) + hidden / 10000.0 is var r ? r.ToString("R", CultureInfo.InvariantCulture) : "",
            });
        }
        var path = LedgerWriter.Write(dir.File("emissions.csv"), rows);

        var md = MarkdownOf(path);

        Assert.Contains("#### Sensitivity to hyperparameters", md);
        // lr, in numeric order: 0.01 → mean of 0.9032 and 0.9064 (0.9048), best 0.9064, mean energy (32 + 64) / 2 Wh;
        // three decimals tell every result and mean apart.
        Assert.Contains("| lr | runs | mean result | best result | mean energy (Wh) |", md);
        Assert.Contains("| 0.01 | 2 | 0.905 | 0.906 | 48 |", md);
        Assert.Contains("| 0.1 | 2 | 0.805 | 0.806 | 48 |", md);
        Assert.Contains("| hidden | runs | mean result | best result | mean energy (Wh) |", md);
        Assert.Contains("| 32 | 2 | 0.853 | 0.903 | 32 |", md);
        Assert.Contains("| 64 | 2 | 0.856 | 0.906 | 64 |", md);
        Assert.DoesNotContain("| epochs | runs |", md); // constant: no sensitivity to show
    }
}
