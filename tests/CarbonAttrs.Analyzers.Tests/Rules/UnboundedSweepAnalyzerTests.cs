using CarbonAttrs.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis.Testing;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UnboundedSweepAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class UnboundedSweepAnalyzerTests
{
    [Fact]
    public Task Foreach_over_a_parameter_of_unknown_size_is_reported() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Sweep(List<double> rates)
            {
                {|CARB002:foreach|} (var lr in rates) Lib.TrainRun(lr);
            }
        }
        """);

    [Fact]
    public Task Random_search_with_no_trial_cap_is_reported() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Search()
            {
                var random = new Random(1);
                {|CARB002:while|} (true)
                {
                    Lib.TrainRun(random.NextDouble());
                    if (random.NextDouble() > 0.99) break;
                }
            }
        }
        """);

    [Fact]
    public Task While_with_a_data_dependent_condition_is_reported() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Search(double target)
            {
                var best = 1.0;
                var random = new Random(7);
                {|CARB002:while|} (best > target)
                {
                    Lib.TrainRun(best);
                    best = random.NextDouble();
                }
            }

            static void Decay()
            {
                // A constant decay is a deterministic bound, not data: silent.
                var lr = 1.0;
                while (lr > 1e-6) { Lib.TrainRun(lr); lr /= 10; }
            }
        }
        """);

    [Fact]
    public Task Fixed_grids_and_capped_random_search_are_silent() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static readonly double[] Rates = { 0.1, 0.01, 0.001 };

            static void Grid()
            {
                double[] local = [0.1, 0.2];
                foreach (var lr in Rates) Lib.TrainRun(lr);
                foreach (var lr in local) Lib.TrainRun(lr);
                foreach (var i in Enumerable.Range(0, 5)) Lib.TrainRun(i);
                for (int i = 0; i < 10; i += 2) Lib.TrainRun(i);
            }

            static void Capped()
            {
                var random = new Random(1);
                var trials = 0;
                while (trials < 50)
                {
                    Lib.TrainRun(random.NextDouble());
                    trials++;
                }
            }
        }
        """);

    [Fact]
    public Task A_reassigned_local_has_unknown_size() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Grid(bool wide)
            {
                var rates = new[] { 0.1, 0.2 };
                if (wide) rates = new[] { 0.1, 0.2, 0.3, 0.4 };
                {|CARB002:foreach|} (var lr in rates) Lib.TrainRun(lr);
            }
        }
        """);

    [Fact]
    public Task Epoch_loop_over_a_data_loader_calling_a_per_epoch_train_method_is_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void TrainEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerable<Tensor> batches)
            {
                foreach (var batch in batches)
                {
                    model.forward(batch).sum().backward();
                    optimizer.step();
                }
            }

            static void Fit(IEnumerable<Tensor> batches, int epochs)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters());
                for (int epoch = 0; epoch < epochs; epoch++) TrainEpoch(model, optimizer, batches);
                while (epochs-- > 0) TrainEpoch(model, optimizer, batches);
            }
        }
        """);

    [Fact]
    public Task Message_says_why_the_sweep_is_unbounded()
    {
        var source = Sources.Usings + Sources.TrainingRun + """
            static class Program
            {
                static void Sweep(IEnumerable<double> rates)
                {
                    foreach (var lr in rates) Lib.TrainRun(lr);
                }
            }
            """;
        var line = source.Split('\n').ToList().FindIndex(l => l.Contains("foreach (var lr")) + 1;
        var expected = new DiagnosticResult(DiagnosticIds.UnboundedSweep, Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
            .WithSpan(line, 9, line, 16)
            .WithArguments("'rates' has no size known at compile time");
        return AnalyzerVerifierWithExpected.VerifyAsync<CarbonAttrs.Analyzers.Rules.UnboundedSweepAnalyzer>(source, expected);
    }
}
