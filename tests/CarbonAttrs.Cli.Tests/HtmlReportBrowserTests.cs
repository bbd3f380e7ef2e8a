using CarbonAttrs.Cli.Reporting;
using CarbonAttrs.Cli.Tests.Support;
using SkiaSharp;

namespace CarbonAttrs.Cli.Tests;

/// <summary>The HTML report opened in a real browser: its charts decode and show.</summary>
public class HtmlReportBrowserTests
{
    // Tall enough for the cards, totals, statement, two charts, the per-method table and the efficiency section.
    private const int ScreenshotHeight = 3600;

    [ChromiumFact]
    public void Charts_decode_in_the_browser()
    {
        using var dir = new TempFolder();
        var ledgers = ReportCommandTests.WriteSampleLedgers(dir);
        var html = dir.File("report.html");
        Assert.Equal(0, CliRunner.Run(new[] { "report" }.Concat(ledgers).Concat(new[] { "--html", html }).ToArray()).ExitCode);

        // The report forbids scripts (CSP); a copy for this check lets one inline script record each image's decoded width.
        var probe = File.ReadAllText(html)
            .Replace(HtmlReport.ContentSecurityPolicy, "default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'")
            .Replace("</body>", "<script>window.addEventListener('load', () => { document.body.setAttribute('data-image-widths', Array.from(document.images).map(i => i.naturalWidth).join(','));"
                + " document.body.setAttribute('data-efficiency-top', Math.round(document.getElementById('efficiency').getBoundingClientRect().top + window.scrollY)); });</script></body>");
        File.WriteAllText(dir.File("probe.html"), probe);

        var dom = Chromium.Run(dir.File("profile"), "--virtual-time-budget=10000", "--dump-dom", new Uri(dir.File("probe.html")).AbsoluteUri);

        var marker = System.Text.RegularExpressions.Regex.Match(dom, "data-image-widths=\"([^\"]*)\"");
        Assert.True(marker.Success, "the load marker is missing from the dumped DOM");
        var widths = marker.Groups[1].Value.Split(',').Select(int.Parse).ToArray();
        Assert.Equal(3, widths.Length);
        Assert.All(widths, w => Assert.Equal(Charts.Width, w));
        // The efficiency section is laid out within the screenshot's height: the screenshot test below shows it.
        var efficiencyTop = System.Text.RegularExpressions.Regex.Match(dom, "data-efficiency-top=\"([0-9]+)\"");
        Assert.True(efficiencyTop.Success, "the efficiency section's position is missing from the dumped DOM");
        Assert.InRange(int.Parse(efficiencyTop.Groups[1].Value), 1, ScreenshotHeight - 300);
    }

    [ChromiumFact]
    public void Screenshot_of_the_report_shows_the_charts()
    {
        using var dir = new TempFolder();
        var ledgers = ReportCommandTests.WriteSampleLedgers(dir);
        var html = dir.File("report.html");
        Assert.Equal(0, CliRunner.Run(new[] { "report" }.Concat(ledgers).Concat(new[] { "--html", html }).ToArray()).ExitCode);
        // A fresh path: a file left by an earlier run must not stand in for a screenshot Chromium failed to write.
        var screenshot = dir.File("screenshot.png");
        Assert.False(File.Exists(screenshot));

        Chromium.Run(dir.File("profile"), "--screenshot=" + screenshot, "--window-size=1100," + ScreenshotHeight, "--virtual-time-budget=10000", new Uri(html).AbsoluteUri);

        Assert.True(File.Exists(screenshot), "chromium exited 0 without writing the screenshot");
        // Kept for a human look (overwritten each run; never read back by a test).
        File.Copy(screenshot, Path.Combine(Path.GetTempPath(), "carbonattrs-report-screenshot.png"), overwrite: true);
        using var bitmap = SKBitmap.Decode(screenshot);
        Assert.NotNull(bitmap);
        // The charts' blue (#1c7ed6: CPU bar, scatter points) appears nowhere in the page's own styles.
        var chartBlue = CountNear(bitmap, new SKColor(0x1c, 0x7e, 0xd6));
        Assert.True(chartBlue > 2000, $"only {chartBlue} chart-blue pixels in the screenshot: the charts did not render");
        Assert.True(ReportCommandTests.DistinctColours(bitmap) > 50, "the screenshot looks blank");
    }

    private static int CountNear(SKBitmap bitmap, SKColor target)
    {
        var count = 0;
        for (var y = 0; y < bitmap.Height; y++)
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - target.Red) < 12 && Math.Abs(c.Green - target.Green) < 12 && Math.Abs(c.Blue - target.Blue) < 12)
                    count++;
            }
        return count;
    }
}
