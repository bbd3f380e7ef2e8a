using CarbonAttrs.Analyzers.Rules;
using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.MlNet;

/// <summary>CARB001-CARB003 on ML.NET code: the same rules, the ML.NET vocabulary behind them.</summary>
public class MlNetSweepRulesTests
{
    private const string Header = MlNetSources.Usings + MlNetSources.Rows;

    /// <summary>An untracked 3 x 2 grid of FastTree fits, trained inline in the loop body.</summary>
    private const string InlineGrid = Header + """
        static class Program
        {
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                var features = ml.Transforms.Concatenate("Features", "X1", "X2");
                {|CARB001:foreach|} (var learningRate in new[] { 0.05, 0.1, 0.2 })
                {
                    foreach (var leaves in new[] { 8, 16 })
                    {
                        var pipeline = features.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, learningRate: learningRate));
                        var model = pipeline.Fit(data);
                        Console.WriteLine(ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy);
                    }
                }
            }
        }
        """;

    [Fact]
    public Task Untracked_grid_of_fits_is_reported_at_the_outer_loop() => MlNetVerifier<UntrackedSweepAnalyzer>.VerifyAsync(InlineGrid);

    [Fact]
    public async Task Untracked_grid_of_fits_is_a_sweep_of_six_runs_and_nothing_else()
    {
        var diagnostics = await MlNetReferences.AllCarbonDiagnosticsAsync(InlineGrid.Replace("{|CARB001:foreach|}", "foreach"));

        Assert.Equal(["CARB001"], diagnostics.Select(d => d.Id));
    }

    [Fact]
    public Task Training_helper_called_per_iteration_is_followed_and_the_fix_tracks_it() =>
        MlNetVerifier<UntrackedSweepAnalyzer>.VerifyFixAsync<UntrackedSweepFixer>(
            Header + """
            static class Program
            {
                static void Main()
                {
                    {|CARB001:foreach|} (var leaves in new[] { 8, 16, 32 })
                        Train(leaves);
                }

                static double Train(int leaves)
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                    var model = Fit(ml, data, leaves);
                    return ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
                }

                static ITransformer Fit(MLContext ml, IDataView data, int leaves)
                {
                    IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "X1", "X2");
                    pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax("Features"));
                    pipeline = pipeline.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves));
                    return pipeline.Fit(data);
                }
            }
            """,
            Header + """
            static class Program
            {
                static void Main()
                {
                    foreach (var leaves in new[] { 8, 16, 32 })
                        Train(leaves);
                }

                [TrackEmissions]
                static double Train(int leaves)
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                    var model = Fit(ml, data, leaves);
                    return ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
                }

                static ITransformer Fit(MLContext ml, IDataView data, int leaves)
                {
                    IEstimator<ITransformer> pipeline = ml.Transforms.Concatenate("Features", "X1", "X2");
                    pipeline = pipeline.Append(ml.Transforms.NormalizeMinMax("Features"));
                    pipeline = pipeline.Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves));
                    return pipeline.Fit(data);
                }
            }
            """,
            UntrackedSweepFixer.TrackRunMethodKey);

    [Fact]
    public Task Fix_all_tracks_the_enclosing_methods_of_inline_sweeps() =>
        MlNetVerifier<UntrackedSweepAnalyzer>.VerifyFixAsync<UntrackedSweepFixer>(
            Header + """
            static class Grids
            {
                static void Leaves(MLContext ml, IDataView data)
                {
                    {|CARB001:foreach|} (var leaves in new[] { 8, 16 })
                        ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves).Fit(data);
                }

                static void Trees(MLContext ml, IDataView data)
                {
                    {|CARB001:for|} (var trees = 50; trees <= 200; trees *= 2)
                        ml.BinaryClassification.Trainers.FastTree(numberOfTrees: trees).Fit(data);
                }
            }
            """,
            Header + """
            static class Grids
            {
                [TrackEmissions]
                static void Leaves(MLContext ml, IDataView data)
                {
                    foreach (var leaves in new[] { 8, 16 })
                        ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves).Fit(data);
                }

                [TrackEmissions]
                static void Trees(MLContext ml, IDataView data)
                {
                    for (var trees = 50; trees <= 200; trees *= 2)
                        ml.BinaryClassification.Trainers.FastTree(numberOfTrees: trees).Fit(data);
                }
            }
            """,
            UntrackedSweepFixer.TrackEnclosingMethodKey);

    [Fact]
    public Task Loop_comparing_several_trainers_on_the_same_data_is_a_sweep() => MlNetVerifier<UntrackedSweepAnalyzer>.VerifyAsync(Header + """
        static class Program
        {
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                var features = ml.Transforms.Concatenate("Features", "X1", "X2");
                var trainers = new (string Name, IEstimator<ITransformer> Trainer)[]
                {
                    ("fasttree", ml.BinaryClassification.Trainers.FastTree()),
                    ("sdca", ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
                    ("lbfgs", ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
                };
                {|CARB001:foreach|} (var (name, trainer) in trainers)
                {
                    var model = features.Append(trainer).Fit(data);
                    Console.WriteLine($"{name}: {ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(data)).Accuracy}");
                }
            }
        }
        """);

    [Fact]
    public async Task A_single_fit_and_transform_only_fits_in_a_loop_are_not_training_sweeps()
    {
        var diagnostics = await MlNetReferences.AllCarbonDiagnosticsAsync(Header + """
            static class Program
            {
                static void Main()
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                    var pipeline = ml.Transforms.Concatenate("Features", "X1", "X2").Append(ml.BinaryClassification.Trainers.FastTree());
                    var model = pipeline.Fit(data);

                    // Normalisers fitted per column set compute statistics; nothing is trained.
                    foreach (var column in new[] { "X1", "X2" })
                    {
                        var normalizer = ml.Transforms.NormalizeMinMax(column).Fit(data);
                        var chain = ml.Transforms.Concatenate("F", column).Append(ml.Transforms.NormalizeMeanVariance("F"));
                        chain.Fit(normalizer.Transform(data));
                    }

                    Console.WriteLine(model.Transform(data).Schema.Count);
                }
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Tracked_small_grid_raises_nothing()
    {
        var diagnostics = await MlNetReferences.AllCarbonDiagnosticsAsync(Header + """
            static class Program
            {
                static void Main()
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                    foreach (var learningRate in new[] { 0.1, 0.2 })
                        foreach (var leaves in new[] { 8, 16 })
                            Console.WriteLine(Train(ml, data, learningRate, leaves));
                }

                [TrackEmissions]
                static double Train(MLContext ml, IDataView data, double learningRate, int leaves)
                {
                    var model = ml.Transforms.Concatenate("Features", "X1", "X2")
                        .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, learningRate: learningRate))
                        .Fit(data);
                    return ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
                }
            }
            """);

        Assert.Empty(diagnostics);
    }

    [Fact]
    public async Task Random_search_until_a_target_accuracy_is_an_unbounded_sweep_only()
    {
        var diagnostics = await MlNetReferences.AllCarbonDiagnosticsAsync(Header + """
            static class Program
            {
                static void Main()
                {
                    var ml = new MLContext(seed: 1);
                    var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                    var random = new Random(1);
                    var accuracy = 0.0;
                    while (accuracy < 0.95)
                    {
                        accuracy = Trial(ml, data, random.Next(2, 64), random.NextDouble());
                    }
                }

                [TrackEmissions]
                static double Trial(MLContext ml, IDataView data, int leaves, double learningRate)
                {
                    var model = ml.Transforms.Concatenate("Features", "X1", "X2")
                        .Append(ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, learningRate: learningRate))
                        .Fit(data);
                    return ml.BinaryClassification.Evaluate(model.Transform(data)).Accuracy;
                }
            }
            """);

        var only = Assert.Single(diagnostics);
        Assert.Equal("CARB002", only.Id);
        Assert.Contains("accuracy < 0.95", only.GetMessage());
    }

    [Fact]
    public Task Grid_of_cross_validations_multiplies_the_folds_in() => MlNetVerifier<OversizedSweepAnalyzer>.VerifyAsync(
        Header + """
        static class Program
        {
            [TrackEmissions]
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                var features = ml.Transforms.Concatenate("Features", "X1", "X2");
                {|#0:foreach|} (var leaves in new[] { 4, 8, 16, 32, 64 })
                    foreach (var trees in new[] { 50, 100, 200, 400, 800 })
                        foreach (var learningRate in new[] { 0.01, 0.03, 0.1, 0.3, 1.0 })
                        {
                            var trainer = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, numberOfTrees: trees, learningRate: learningRate);
                            var folds = ml.BinaryClassification.CrossValidate(data, features.Append(trainer), numberOfFolds: 10);
                            Console.WriteLine(folds.Average(f => f.Metrics.Accuracy));
                        }
            }
        }
        """,
        new DiagnosticResult("CARB003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("5 \u00d7 5 \u00d7 5 \u00d7 10 = 1,250", "100"));

    [Fact]
    public Task Cross_validation_in_a_helper_counts_its_default_five_folds() => MlNetVerifier<OversizedSweepAnalyzer>.VerifyAsync(
        Header + """
        static class Program
        {
            [TrackEmissions]
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                {|#0:for|} (var leaves = 2; leaves <= 22; leaves++)
                    Console.WriteLine(Evaluate(ml, data, leaves));
            }

            static double Evaluate(MLContext ml, IDataView data, int leaves)
            {
                var trainer = ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves);
                return ml.BinaryClassification.CrossValidateNonCalibrated(data, trainer).Average(f => f.Metrics.Accuracy);
            }
        }
        """,
        new DiagnosticResult("CARB003", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithLocation(0)
            .WithArguments("21 \u00d7 5 = 105", "100"));

    [Fact]
    public Task Small_grid_of_cross_validations_is_within_the_maximum() => MlNetVerifier<OversizedSweepAnalyzer>.VerifyAsync(Header + """
        static class Program
        {
            [TrackEmissions]
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                foreach (var leaves in new[] { 8, 16 })
                    foreach (var trees in new[] { 50, 100 })
                        ml.BinaryClassification.CrossValidate(data, ml.BinaryClassification.Trainers.FastTree(numberOfLeaves: leaves, numberOfTrees: trees), numberOfFolds: 5);
            }
        }
        """);

    [Fact]
    public Task Manual_cross_validation_over_split_folds_has_a_known_size() => MlNetVerifier<UnboundedSweepAnalyzer>.VerifyAsync(Header + """
        static class Program
        {
            [TrackEmissions]
            static void Main()
            {
                var ml = new MLContext(seed: 1);
                var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
                var folds = ml.Data.CrossValidationSplit(data, numberOfFolds: 4);
                foreach (var fold in folds)
                    ml.BinaryClassification.Trainers.FastTree().Fit(fold.TrainSet);
                foreach (var fold in ml.Data.CrossValidationSplit(data))
                    ml.BinaryClassification.Trainers.FastTree().Fit(fold.TrainSet);
            }
        }
        """);
}
