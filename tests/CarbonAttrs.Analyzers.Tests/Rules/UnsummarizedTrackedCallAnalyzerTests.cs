using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UnsummarizedTrackedCallAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class UnsummarizedTrackedCallAnalyzerTests
{
    private const string PerStep = """
        static class Program
        {
            [TrackEmissions(Experiment = "mnist")]
            static Tensor TrainBatch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x)
            {
                var loss = model.forward(x).sum();
                loss.backward();
                optimizer.step();
                return loss;
            }

            static void Fit(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                for (int epoch = 0; epoch < 10; epoch++)
                    for (int batch = 0; batch < 500; batch++)
                        {|CARB008:TrainBatch(model, optimizer, rand(8, 4))|};
            }
        }
        """;

    [Fact]
    public Task Tracked_per_batch_method_is_reported() => V.VerifyAsync(Sources.Usings + PerStep);

    [Fact]
    public Task Tracked_call_in_a_loop_of_more_than_the_row_limit_is_reported() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            [TrackEmissions]
            static int Score(int row) => row * 2;

            static void Main()
            {
                for (int i = 0; i < 10; i++) Score(i);
                for (int i = 0; i < 5000; i++) {|CARB008:Score(i)|};
                foreach (var i in Enumerable.Range(0, 40))
                    foreach (var j in Enumerable.Range(0, 40))
                        {|CARB008:Score(i + j)|};
            }
        }
        """);

    [Fact]
    public Task Summarized_methods_and_sweeps_of_tracked_runs_are_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            [TrackEmissions(Summarize = true)]
            static void TrainBatch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                model.forward(rand(8, 4)).sum().backward();
                optimizer.step();
            }

            [TrackEmissions]
            static void TrainRun(double lr)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (int epoch = 0; epoch < 10; epoch++) TrainBatch(model, optimizer);
            }

            static void Main()
            {
                foreach (var lr in Enumerable.Range(1, 2000)) TrainRun(lr / 1e4);
            }
        }
        """);

    [Fact]
    public Task Tracked_per_epoch_method_in_an_epoch_loop_is_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            [TrackEmissions]
            static void TrainEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                for (int batch = 0; batch < 500; batch++)
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }

            static void Fit()
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters());
                for (int epoch = 0; epoch < 20; epoch++) TrainEpoch(model, optimizer);
            }
        }
        """);

    [Fact]
    public Task Row_limit_comes_from_editorconfig() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            [TrackEmissions]
            static int Score(int row) => row * 2;

            static void Main()
            {
                for (int i = 0; i < 5000; i++) Score(i);
            }
        }
        """, editorConfig: "carbonattrs.max_rows_per_loop = 10000");

    [Fact]
    public Task Fix_sets_Summarize_true() => V.VerifyFixAsync<UnsummarizedTrackedCallFixer>(
        Sources.Usings + PerStep,
        Sources.Usings + PerStep
            .Replace("{|CARB008:TrainBatch(model, optimizer, rand(8, 4))|}", "TrainBatch(model, optimizer, rand(8, 4))")
            .Replace("[TrackEmissions(Experiment = \"mnist\")]", "[TrackEmissions(Experiment = \"mnist\", Summarize = true)]"));

    [Fact]
    public Task Fix_all_sets_Summarize_once_for_many_calls() => V.VerifyFixAsync<UnsummarizedTrackedCallFixer>(
        Sources.Usings + """
        static class Program
        {
            [TrackEmissions(Summarize = false)]
            static int Score(int row) => row * 2;

            static void Main()
            {
                for (int i = 0; i < 5000; i++) {|CARB008:Score(i)|};
                for (int i = 0; i < 9000; i++) {|CARB008:Score(-i)|};
            }
        }
        """,
        Sources.Usings + """
        static class Program
        {
            [TrackEmissions(Summarize = true)]
            static int Score(int row) => row * 2;

            static void Main()
            {
                for (int i = 0; i < 5000; i++) Score(i);
                for (int i = 0; i < 9000; i++) Score(-i);
            }
        }
        """);
}
