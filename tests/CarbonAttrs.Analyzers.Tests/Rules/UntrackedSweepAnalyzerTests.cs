using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UntrackedSweepAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class UntrackedSweepAnalyzerTests
{
    private const string Sweep = """
        static class Program
        {
            static void Main()
            {
                {|CARB001:foreach|} (var lr in new[] { 0.1, 0.01 })
                {
                    Lib.TrainRun(lr);
                }
            }
        }
        """;

    [Fact]
    public Task Sweep_calling_an_untracked_training_run_is_reported() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + Sweep);

    [Fact]
    public Task Sweep_training_inline_with_a_new_optimizer_per_iteration_is_reported() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Main()
            {
                var model = nn.Linear(4, 1);
                {|CARB001:for|} (int i = 0; i < 3; i++)
                {
                    var optimizer = optim.SGD(model.parameters(), 0.1 * i);
                    for (int epoch = 0; epoch < 5; epoch++)
                    {
                        model.forward(rand(2, 4)).sum().backward();
                        optimizer.step();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Training_run_reached_through_a_helper_two_levels_down_is_reported() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void RunOne(double lr) => Lib.TrainRun(lr);

            static void Main()
            {
                {|CARB001:foreach|} (var lr in new[] { 0.1, 0.01 })
                {
                    RunOne(lr);
                }
            }
        }
        """);

    [Fact]
    public Task Tracked_training_run_is_silent() => V.VerifyAsync(Sources.Usings + """
        static class Lib
        {
            [TrackEmissions]
            public static void TrainRun(double lr)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters(), lr);
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }
        }

        static class Program
        {
            static void Main()
            {
                foreach (var lr in new[] { 0.1, 0.01 }) Lib.TrainRun(lr);
            }
        }
        """);

    [Fact]
    public Task Tracked_enclosing_method_is_silent() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            [TrackEmissions]
            static void Sweep()
            {
                foreach (var lr in new[] { 0.1, 0.01 }) Lib.TrainRun(lr);
            }
        }
        """);

    [Fact]
    public Task Tracker_window_around_or_inside_the_loop_is_silent() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Around()
            {
                using var window = CarbonTracker.Track("sweep");
                foreach (var lr in new[] { 0.1, 0.01 }) Lib.TrainRun(lr);
            }

            static void Inside()
            {
                foreach (var lr in new[] { 0.1, 0.01 })
                {
                    using (CarbonTracker.Track("run")) { Lib.TrainRun(lr); }
                }
            }
        }
        """);

    [Fact]
    public Task Epoch_loop_calling_a_per_epoch_train_method_is_not_a_sweep() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                for (int batch = 0; batch < 100; batch++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
            }

            static void Main()
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters());
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    Train(model, optimizer);
                }
            }
        }
        """);

    [Fact]
    public Task Training_helper_called_from_a_training_loop_is_not_a_sweep() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                model.forward(rand(8, 4)).sum().backward();
                optimizer.step();
            }

            static void Main()
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters());
                while (true)
                {
                    Step(model, optimizer);
                    if (DateTime.Now.Hour > 20) break;
                }
            }
        }
        """);

    [Fact]
    public Task Nested_sweep_is_reported_once_at_the_outer_loop() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
        static class Program
        {
            static void Main()
            {
                {|CARB001:foreach|} (var lr in new[] { 0.1, 0.01 })
                    foreach (var seed in new[] { 1, 2, 3 })
                        Lib.TrainRun(lr * seed);
            }
        }
        """);

    [Fact]
    public Task Fix_adds_TrackEmissions_to_the_method_run_per_iteration() => V.VerifyFixAsync<UntrackedSweepFixer>(
        Sources.Usings + Sources.TrainingRun + Sweep,
        Sources.Usings + Sources.TrainingRun.Replace("    public static void TrainRun", "    [TrackEmissions]\n    public static void TrainRun") + Sweep.Replace("{|CARB001:foreach|}", "foreach"),
        equivalenceKey: UntrackedSweepFixer.TrackRunMethodKey);

    [Fact]
    public Task Fix_adds_TrackEmissions_to_the_enclosing_method_and_the_using() => V.VerifyFixAsync<UntrackedSweepFixer>(
        Sources.Usings.Replace("using CarbonAttrs;\n", string.Empty) + Sources.TrainingRun + Sweep,
        Sources.Usings.Replace("using CarbonAttrs;\n", string.Empty).TrimEnd('\n') + "\nusing CarbonAttrs;\n" + Sources.TrainingRun
            + Sweep.Replace("{|CARB001:foreach|}", "foreach").Replace("    static void Main", "    [TrackEmissions]\n    static void Main"),
        equivalenceKey: UntrackedSweepFixer.TrackEnclosingMethodKey);

    [Fact]
    public Task Fix_all_decorates_a_shared_training_method_once() => V.VerifyFixAsync<UntrackedSweepFixer>(
        [
            Sources.Usings + Sources.TrainingRun,
            Sources.Usings + """
            static class Sweeps
            {
                static void A() { {|CARB001:foreach|} (var lr in new[] { 0.1, 0.2 }) Lib.TrainRun(lr); }
                static void B() { {|CARB001:foreach|} (var lr in new[] { 0.3, 0.4 }) Lib.TrainRun(lr); }
            }
            """,
        ],
        [
            Sources.Usings + Sources.TrainingRun.Replace("    public static void TrainRun", "    [TrackEmissions]\n    public static void TrainRun"),
            Sources.Usings + """
            static class Sweeps
            {
                static void A() { foreach (var lr in new[] { 0.1, 0.2 }) Lib.TrainRun(lr); }
                static void B() { foreach (var lr in new[] { 0.3, 0.4 }) Lib.TrainRun(lr); }
            }
            """,
        ],
        equivalenceKey: UntrackedSweepFixer.TrackRunMethodKey);
}

public class UntrackedSweepInTopLevelStatementsTests
{
    [Fact]
    public Task Sweep_in_top_level_statements_is_reported() => AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UntrackedSweepAnalyzer>.VerifyAsync(
        Sources.Usings + """
        {|CARB001:foreach|} (var lr in new[] { 0.1, 0.01 })
        {
            Lib.TrainRun(lr);
        }

        """ + Sources.TrainingRun,
        outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
}
