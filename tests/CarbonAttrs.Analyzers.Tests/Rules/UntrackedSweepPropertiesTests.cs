using System.Collections.Immutable;
using CarbonAttrs.Analyzers.Rules;
using CarbonAttrs.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Analyzers.Tests.Rules;

/// <summary>
/// CARB001 carries the sweep as the footprint report lists it (method run per iteration, size, description): the
/// compiler writes these properties into its error log, where the footprint runner reads the untracked sweeps.
/// </summary>
public class UntrackedSweepPropertiesTests
{
    [Fact]
    public async Task A_grid_of_literals_carries_its_method_size_and_description()
    {
        var source = Sources.Usings + """
            foreach (var lr in new[] { 0.1, 0.01, 0.001 })
                for (int seed = 0; seed < 4; seed++)
                    Lib.TrainRun(lr + seed);

            """ + Sources.TrainingRun;
        var carb001 = Assert.Single(await Carb001Async(source));

        // One diagnostic for the nest, at the outer loop: the footprint lists one sweep of 12 runs.
        var outerLine = source.Split('\n').ToList().FindIndex(l => l.StartsWith("foreach", StringComparison.Ordinal));
        Assert.Equal(outerLine, carb001.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Equal("Lib.TrainRun", carb001.Properties[UntrackedSweepAnalyzer.SweepMethodKey]);
        Assert.Equal("12", carb001.Properties[UntrackedSweepAnalyzer.SweepSizeKey]);
        Assert.Equal("foreach, 3 \u00d7 4", carb001.Properties[UntrackedSweepAnalyzer.SweepDescriptionKey]);
    }

    [Fact]
    public async Task A_sweep_of_unknown_size_has_no_size_and_says_so()
    {
        var carb001 = Assert.Single(await Carb001Async(Sources.Usings + """
            static class Program
            {
                static void Main(string[] args)
                {
                    foreach (var name in args)
                        Lib.TrainRun(name.Length);
                }
            }

            """ + Sources.TrainingRun));

        Assert.Equal("Lib.TrainRun", carb001.Properties[UntrackedSweepAnalyzer.SweepMethodKey]);
        Assert.False(carb001.Properties.ContainsKey(UntrackedSweepAnalyzer.SweepSizeKey));
        Assert.Equal("foreach, size unknown", carb001.Properties[UntrackedSweepAnalyzer.SweepDescriptionKey]);
    }

    [Fact]
    public async Task A_sweep_that_trains_inline_names_no_method()
    {
        var carb001 = Assert.Single(await Carb001Async(Sources.Usings + """
            var model = nn.Linear(4, 1);
            for (int i = 0; i < 3; i++)
            {
                var optimizer = optim.SGD(model.parameters(), 0.1 * i);
                for (int epoch = 0; epoch < 5; epoch++)
                {
                    model.forward(rand(2, 4)).sum().backward();
                    optimizer.step();
                }
            }
            """));

        // No method whose measured runs could be multiplied: the footprint runner skips it (CARB001 still asks for one).
        Assert.False(carb001.Properties.ContainsKey(UntrackedSweepAnalyzer.SweepMethodKey));
        Assert.Equal("3", carb001.Properties[UntrackedSweepAnalyzer.SweepSizeKey]);
    }

    [Fact]
    public async Task Configured_training_step_methods_find_the_sweep_and_its_properties()
    {
        // Custom.Fit is a training step only because the project says so (carbonattrs.training_step_methods).
        var source = Sources.Usings + """
            for (int seed = 0; seed < 5; seed++)
                Lab.Run(0.1 * seed);

            static class Lab
            {
                public static void Run(double lr)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.Adam(model.parameters(), lr);
                    for (int epoch = 0; epoch < 10; epoch++)
                        Custom.Fit(model, optimizer);
                }
            }

            static class Custom
            {
                public static void Fit(nn.Module model, optim.Optimizer optimizer) { }
            }
            """;

        Assert.Empty(await Carb001Async(source));
        var carb001 = Assert.Single(await Carb001Async(source, new Dictionary<string, string> { ["carbonattrs.training_step_methods"] = "Custom.Fit" }));
        Assert.Equal(("Lab.Run", "5"), (carb001.Properties[UntrackedSweepAnalyzer.SweepMethodKey], carb001.Properties[UntrackedSweepAnalyzer.SweepSizeKey]));
    }

    private static async Task<ImmutableArray<Diagnostic>> Carb001Async(string source, Dictionary<string, string>? options = null)
    {
        var compilation = TestCompilation.Create(source);
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
        var analyzerOptions = new AnalyzerOptions([], new DictionaryOptionsProvider(options ?? new Dictionary<string, string>()));
        var diagnostics = await compilation
            .WithAnalyzers([new UntrackedSweepAnalyzer()], analyzerOptions)
            .GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Where(d => d.Id == "CARB001")];
    }
}
