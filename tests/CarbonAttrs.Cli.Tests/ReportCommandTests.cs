using CarbonAttrs.Cli.Tests.Support;
using SkiaSharp;

namespace CarbonAttrs.Cli.Tests;

public class ReportCommandTests
{
    /// <summary>A sweep of 6 configurations with nested evaluation windows, plus a CodeCarbon run.</summary>
    internal static string[] WriteSampleLedgers(TempFolder dir, string hostileMethod = "Trainer.Train")
    {
        var rows = new List<TestRow>();
        var end = new DateTime(2026, 11, 20, 9, 0, 0, DateTimeKind.Utc);
        var i = 0;
        foreach (var lr in new[] { "0.1", "0.01" })
        foreach (var batch in new[] { 32, 64, 128 })
        {
            end = end.AddMinutes(10);
            var gpu = 0.002 * 128 / batch;
            var accuracy = (lr == "0.01" ? 0.9 : 0.7) + (batch == 32 ? 0.03 : 0) - i++ * 0.001;
            var train = new TestRow
            {
                Method = hostileMethod, Experiment = "lr-sweep", End = end, Seconds = 300, GpuKwh = gpu, CpuKwh = gpu / 5,
                Hyperparameters = $"{{\"lr\":{lr},\"batch\":{batch}}}", Result = accuracy.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                // The efficiency section's figures: 50 000 samples per run at 1.2 MFLOP each, 3 × forward for training.
                Flops = (3 * 50_000 * 1.2e6).ToString("R", System.Globalization.CultureInfo.InvariantCulture), Samples = "50000",
            };
            rows.Add(train);
            rows.Add(new TestRow { Method = "Trainer.Evaluate", ParentRunId = train.RunId, End = end, Seconds = 20, GpuKwh = gpu / 10 });
        }
        return new[] { LedgerWriter.Write(dir.File("emissions.csv"), rows), CliRunner.DataFile("codecarbon-2.3.csv") };
    }

    [Fact]
    public void Report_writes_html_markdown_and_charts_from_merged_ledgers()
    {
        using var dir = new TempFolder();
        var ledgers = WriteSampleLedgers(dir);
        var outDir = dir.File("out");

        var outcome = CliRunner.Run(new[] { "report" }.Concat(ledgers).Concat(new[] { "--out", outDir }).ToArray());

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("Report: ", outcome.Error);
        foreach (var stem in new[] { "energy-by-component", "energy-over-time", "sweep-1" })
        {
            AssertPngNotBlank(Path.Combine(outDir, stem + ".png"));
            Assert.StartsWith("<?xml", File.ReadAllText(Path.Combine(outDir, stem + ".svg")).TrimStart());
        }
        var md = File.ReadAllText(Path.Combine(outDir, "report.md"));
        var html = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("## Totals", md);
        Assert.Contains("Counting: 6 nested rows are inside their parent's energy and not added again.", md);
        Assert.Contains("![", md);
        Assert.Contains("(sweep-1.png)", md);
        Assert.Contains("6 runs, 6 configurations", md);
        Assert.Contains("lr=0.01, batch=32", md);
        Assert.Contains("## Energy and carbon statement", md);
        Assert.Contains("6 hyperparameter configurations were tried across 1 sweep", md);
        Assert.Contains("CodeCarbon 2.3.4", md);
        // The "same energy elsewhere" rows are the runtime table's extremes among countries of at least 1 TWh a year.
        var comparable = CarbonIntensityTable.Ranked(CarbonIntensityPlaceKind.Country, minimumAnnualTwh: 1);
        Assert.Equal(("BTN", "TKM"), (comparable[0].Code, comparable[^1].Code));
        foreach (var place in comparable.Take(3).Concat(comparable.TakeLast(3)))
            Assert.Contains($"| {place.Name} | {CarbonAttrs.Footprint.Reporting.Units.Intensity(place.GramsPerKwh)} |", md);
        Assert.DoesNotContain("Lesotho", md);   // lowest national figure, but a 0.5 TWh grid
        Assert.Equal(3, CountOccurrences(html, "src=\"data:image/png;base64,"));
        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public void Totals_count_nested_rows_once()
    {
        using var dir = new TempFolder();
        var parent = new TestRow { GpuKwh = 0.5, CpuKwh = 0.25, RamKwh = 0.25, Intensity = 200 };
        var child = new TestRow { ParentRunId = parent.RunId, GpuKwh = 0.4, CpuKwh = 0, RamKwh = 0, Method = "Inner" };
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[] { parent, child });

        var outcome = CliRunner.Run("report", path, "--md", dir.File("r.md"));

        var md = File.ReadAllText(dir.File("r.md"));
        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("| Energy | 1 kWh | PUE included |", md);
        Assert.Contains("| Emissions | 200 g CO2eq |", md);
        Assert.Contains("| Grid intensity | 200 g CO2eq/kWh |", md);
    }

    [Fact]
    public void Ledger_text_is_escaped_and_formulas_are_defused()
    {
        using var dir = new TempFolder();
        var hostile = "<img src=x onerror=alert(1)>|**bold**";
        // A raw formula as another tool might write it (our ledger writer would already have defused it).
        var formulaRow = LedgerWriter.Format(new TestRow { Method = "FORMULA", End = new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc) }).Replace(",FORMULA,", ",=1+2,");
        var path = LedgerWriter.Write(dir.File("emissions.csv"), new[]
        {
            new TestRow { Method = hostile, Hyperparameters = "{\"name\":\"=HYPERLINK(\\\"http://evil\\\")\",\"x\":\"</td><script>alert(2)</script>\"}", Result = "0.5" },
            new TestRow { Method = hostile, Hyperparameters = "{\"name\":\"@SUM(A1)\",\"x\":\"y\"}", Result = "0.6", GpuKwh = 0.01 },
        }, formulaRow);

        var outcome = CliRunner.Run("report", path, "--html", dir.File("r.html"), "--md", dir.File("r.md"));

        Assert.Equal(0, outcome.ExitCode);
        var html = File.ReadAllText(dir.File("r.html"));
        var md = File.ReadAllText(dir.File("r.md"));
        Assert.DoesNotContain("<img src=x", html);
        Assert.DoesNotContain("<script>", html);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.Contains("&lt;/td&gt;&lt;script&gt;", html);
        Assert.Contains("<td>'=1+2</td>", html.Replace("&#39;", "'"));
        Assert.DoesNotContain("<td>=1+2", html);
        Assert.DoesNotContain("<img src=x", md);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;\\|\\*\\*bold\\*\\*", md);
        Assert.Contains("| '=1+2 |", md);
        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">", html);
    }

    [Fact]
    public void A_ledger_missing_columns_fails_the_report_with_its_name()
    {
        using var dir = new TempFolder();
        var good = LedgerWriter.Write(dir.File("good.csv"), new[] { new TestRow() });
        File.WriteAllText(dir.File("other.csv"), "epoch,loss\n1,0.5\n");

        var outcome = CliRunner.Run("report", good, dir.File("other.csv"), "--md", dir.File("r.md"));

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains($"error: {dir.File("other.csv")}:1: not an emissions ledger: missing required columns timestamp, run_id, duration, emissions, energy_consumed", outcome.Error);
        Assert.True(File.Exists(dir.File("r.md"))); // the readable ledgers are still reported
    }

    [Fact]
    public void Without_outputs_the_markdown_goes_to_stdout()
    {
        var outcome = CliRunner.Run("report", CliRunner.DataFile("codecarbon-2.3.csv"));

        Assert.Equal(0, outcome.ExitCode);
        Assert.StartsWith("# Energy and carbon report", outcome.Output);
        Assert.Contains("| Energy | 457 Wh | PUE included |", outcome.Output);
        Assert.Contains("| Emissions | 150 g CO2eq |", outcome.Output);
        Assert.Contains("bert-finetune", outcome.Output);
    }

    internal static void AssertPngNotBlank(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.True(bitmap.Width >= 400 && bitmap.Height >= 300, $"{path} is {bitmap.Width}×{bitmap.Height}");
        Assert.True(DistinctColours(bitmap) > 8, $"{path} looks blank");
    }

    internal static int DistinctColours(SKBitmap bitmap)
    {
        var colours = new HashSet<uint>();
        for (var y = 0; y < bitmap.Height; y += 3)
            for (var x = 0; x < bitmap.Width; x += 3)
                colours.Add((uint)bitmap.GetPixel(x, y));
        return colours.Count;
    }

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
