using CarbonAttrs.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using CarbonAttrs.Analyzers.Rules;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.OversizedSweepAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class OversizedSweepAnalyzerTests
{
    private const string Grid = """
        static class Program
        {
            static void Main()
            {
                var rates = new[] { 0.1, 0.01, 0.001 };
                int[] batches = [16, 32, 64, 128];
                foreach (var lr in rates)
                    foreach (var batch in batches)
                        for (int seed = 0; seed < 10; seed++)
                            Lib.TrainRun(lr * batch + seed);
            }
        }
        """;

    [Fact]
    public Task Grid_of_120_runs_is_reported_with_its_product()
    {
        var source = Sources.Usings + Sources.TrainingRun + Grid;
        var line = source.Split('\n').ToList().FindIndex(l => l.Contains("foreach (var lr")) + 1;
        var expected = new DiagnosticResult(DiagnosticIds.OversizedSweep, DiagnosticSeverity.Warning)
            .WithSpan(line, 9, line, 16)
            .WithArguments("3 \u00d7 4 \u00d7 10 = 120", "100");
        return AnalyzerVerifierWithExpected.VerifyAsync<OversizedSweepAnalyzer>(source, expected);
    }

    [Fact]
    public Task Limit_comes_from_editorconfig() => V.VerifyAsync(
        Sources.Usings + Sources.TrainingRun + Grid,
        editorConfig: "carbonattrs.max_sweep_configurations = 200");

    [Fact]
    public Task Lower_limit_from_editorconfig_reports_a_small_grid() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Main()
            {
                {|CARB003:foreach|} (var lr in new[] { 0.1, 0.2, 0.3 }) Lib.TrainRun(lr);
            }
        }
        """, editorConfig: "carbonattrs.max_sweep_configurations = 2");

    [Fact]
    public Task Sweep_of_a_method_that_itself_sweeps_multiplies() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void SweepSeeds(double lr)
            {
                for (int seed = 0; seed < 20; seed++) Lib.TrainRun(lr + seed);
            }

            static void Main()
            {
                {|CARB003:foreach|} (var lr in new[] { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 }) SweepSeeds(lr);
            }
        }
        """);

    [Fact]
    public Task Unknown_size_is_not_reported_as_oversized() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Main(string[] args)
            {
                foreach (var lr in args) for (int i = 0; i < 1000; i++) Lib.TrainRun(i);
            }
        }
        """);
}
