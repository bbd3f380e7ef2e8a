using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers.Tests.MlNet;

/// <summary>Broken ML.NET code never makes an analyzer throw, and ML.NET sweeps reach the inventory the footprint reads.</summary>
public class MlNetRobustnessTests
{
    private const string BrokenCode = MlNetSources.Usings + MlNetSources.Rows + """
        static class Program
        {
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                foreach (var leaves in new[] { 8, 16 })
                    ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves).Fit(data);
                foreach (var x in Unknown.Grid) ml.BinaryClassification.Trainers.Missing().Fit(data)
                while (true) { ml.BinaryClassification.CrossValidate(data, numberOfFolds: "ten"); }
                for (int i = 0; i < ; i++) { undefinedPipeline.Fit(); ml.BinaryClassification.Trainers.FastTree().Fit(); }
                foreach (var row in new Row[3]) { var e = ml.Model.CreatePredictionEngine<Row,>(); e.Predict(row; }
                foreach (var row in new Row[3]) { var e = ml.Model.CreatePredictionEngine<Row, Prediction>(missingModel); }
                do { IEstimator<ITransformer> p = null; p = p.Append(; p.Fit(data); } while (Cond(
            }
            void Broken( {
        }
        """;

    [Fact]
    public async Task Broken_MlNet_code_analyses_without_exceptions()
    {
        var compilation = MlNetReferences.Compile(BrokenCode);
        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
        // The analyzers did run: the intact grid is still found.
        Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.UntrackedSweep);
    }

    [Fact]
    public void Sweep_inventory_lists_MlNet_grids_with_their_training_method_and_size()
    {
        var compilation = MlNetReferences.Compile(MlNetSources.Usings + """
            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
            foreach (var learningRate in new[] { 0.05, 0.1, 0.2 })
                foreach (var leaves in new[] { 8, 16 })
                    Grid.Train(ml, data, learningRate, leaves);
            foreach (var trees in new[] { 50, 100 })
                ml.BinaryClassification.CrossValidate(data, ml.BinaryClassification.Trainers.FastTree(numberOfTrees: trees), numberOfFolds: 3);

            static class Grid
            {
                [TrackEmissions]
                public static double Train(MLContext ml, IDataView data, double learningRate, int leaves) =>
                    ml.BinaryClassification.Evaluate(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, learningRate: learningRate).Fit(data).Transform(data)).Accuracy;
            }

            """ + MlNetSources.Rows);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var records = SweepInventory.Collect(compilation, new DictionaryOptionsProvider(new Dictionary<string, string>()), CancellationToken.None);

        Assert.Collection(
            records.Where(r => r.NestingDepth == 0).OrderBy(r => r.Line),
            grid =>
            {
                Assert.Equal(("Grid.Train", 6L, "3 \u00d7 2", true), (grid.TrainingMethod, grid.Size, grid.SizeExpression, grid.IsTracked));
            },
            crossValidation =>
            {
                Assert.Null(crossValidation.TrainingMethod);
                Assert.Equal((6L, "2 \u00d7 3", false), (crossValidation.Size, crossValidation.SizeExpression, crossValidation.IsTracked));
            });
    }

    [Fact]
    public async Task With_MlNet_alone_every_vocabulary_rule_registers_its_actions()
    {
        var compilation = MlNetReferences.Compile(MlNetSources.Usings + "static class Program { static void Main() { } }");

        var (_, _, driver) = await TestCompilation.AnalyzeAsync(compilation);

        // CARB005-CARB007 are about TorchSharp APIs (no_grad, device syncs, float64): they stay silent without TorchSharp.
        var expected = new[] { "CARB001", "CARB002", "CARB003", "CARB004", "CARB008", "CARB009" };
        foreach (var analyzer in TestCompilation.AllAnalyzers.Where(a => a.SupportedDiagnostics.Any(d => expected.Contains(d.Id))))
        {
            var telemetry = await driver.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);
            Assert.True(telemetry.OperationActionsCount + telemetry.OperationBlockActionsCount > 0, analyzer.GetType().Name);
        }
    }

    [Fact]
    public async Task Without_Microsoft_ML_the_MlNet_vocabulary_is_absent()
    {
        var compilation = TestCompilation.Create("""
            class Estimator { public object Fit(object data) => data; }
            static class Program
            {
                static void Main()
                {
                    foreach (var i in new[] { 1, 2, 3 }) new Estimator().Fit(i);
                }
            }
            """, withTorchSharp: false);

        var model = TrainingModel.CreateUnshared(compilation, new DictionaryOptionsProvider(new Dictionary<string, string>()));
        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Null(model.MlNet);
        Assert.False(model.CanRecogniseTraining);
        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id.StartsWith("CARB", StringComparison.Ordinal));
    }
}
