using CarbonAttrs.Analyzers.Rules;
using CarbonAttrs.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Tests.Rules;

/// <summary>Analyzers never throw (no AD0001) and cost nothing when the compilation cannot contain what they look for.</summary>
public class RobustnessTests
{
    private const string BrokenCode = Sources.Usings + """
        static class Lib
        {
            public static void TrainRun(double lr)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                    Missing.Thing(epoch).item<float>();
                    var x = undefinedVariable.@double(
                }
            }
        }

        static class Program
        {
            static void Main()
            {
                foreach (var lr in new[] { 0.1, 0.01 }) Lib.TrainRun(lr);
                foreach (var lr in Unknown.Rates) Lib.TrainRun(lr)
                while (true) { Lib.TrainRun(; }
                for (int i = 0; i < ; i++) { Lib.Missing(i).forward(null); }
                [TrackEmissions(Summarize = )] static void Local() { }
                Evaluate(nn.Linear(1, 1));
            }

            static void Evaluate(nn.Module<Tensor, Tensor> m) { m.eval(); m.forward(); m.forward(null!).item<float>(); }
            void Broken( { 
        }
        """;

    [Fact]
    public async Task Code_with_syntax_errors_and_missing_symbols_analyses_without_exceptions()
    {
        var compilation = TestCompilation.Create(BrokenCode);
        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        // The analyzers did run on the broken code: the intact sweep is still found.
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.UntrackedSweep);
    }

    [Fact]
    public async Task Code_referencing_neither_TorchSharp_nor_CarbonAttrs_analyses_without_exceptions()
    {
        var compilation = TestCompilation.Create(BrokenCode, withTorchSharp: false, withCarbonAttrs: false);

        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CARB", StringComparison.Ordinal) || d.Id == "AD0001");
    }

    [Fact]
    public async Task Without_TorchSharp_no_rule_registers_any_action()
    {
        var compilation = TestCompilation.Create("""
            using System;
            static class Program
            {
                static void Main() { for (int i = 0; i < 10; i++) Console.WriteLine(i); }
            }
            """, withTorchSharp: false);

        var (_, exceptions, driver) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        foreach (var analyzer in TestCompilation.AllAnalyzers)
        {
            var telemetry = await driver.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.Equal(1, telemetry.CompilationStartActionsCount);
            Assert.Equal(0, telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount);
        }
    }

    [Fact]
    public async Task With_TorchSharp_every_rule_registers_its_actions()
    {
        var compilation = TestCompilation.Create(Sources.Usings + "static class Program { static void Main() { } }");

        var (_, _, driver) = await TestCompilation.AnalyzeAsync(compilation);

        // CARB009 is about an ML.NET API; MlNetRobustnessTests checks it registers when Microsoft.ML is referenced.
        foreach (var analyzer in TestCompilation.AllAnalyzers.Where(a => a is not PredictionEngineInLoopAnalyzer))
        {
            var telemetry = await driver.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.True(telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount + telemetry.OperationBlockStartActionsCount > 0, analyzer.GetType().Name);
        }
    }

    [Fact]
    public async Task Configured_training_step_methods_work_without_TorchSharp()
    {
        var compilation = TestCompilation.Create("""
            using System;
            sealed class Estimator { public void Fit(double lr) { } }
            static class Program
            {
                static void Train(double lr)
                {
                    var estimator = new Estimator();
                    for (int epoch = 0; epoch < 3; epoch++) estimator.Fit(lr);
                }

                static double Score() => Random.Shared.NextDouble();

                static void Main()
                {
                    while (true) { Train(0.1); if (Score() < 0.1) break; }
                }
            }
            """, withTorchSharp: false);
        var options = new Microsoft.CodeAnalysis.Diagnostics.AnalyzerOptions(
            [],
            new DictionaryOptionsProvider(new Dictionary<string, string> { ["carbonattrs.training_step_methods"] = "Estimator.Fit" }));
        var driver = compilation.WithAnalyzers(TestCompilation.AllAnalyzers, options);

        var diagnostics = await driver.GetAnalyzerDiagnosticsAsync();

        // Without TorchSharp no optimizer (so no training run) exists, but configured steps make the loop a training loop.
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.UncappedTrainingLoop);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
    }
}

public class GeneratedCodeTests
{
    [Fact]
    public Task Generated_code_gets_no_diagnostic() =>
        AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UntrackedSweepAnalyzer>.VerifyAsync("// <auto-generated/>\n" + Sources.Usings + Sources.TrainingRun + """
            static class Program
            {
                static void Main()
                {
                    foreach (var lr in new[] { 0.1, 0.01 }) Lib.TrainRun(lr);
                }
            }
            """);
}
