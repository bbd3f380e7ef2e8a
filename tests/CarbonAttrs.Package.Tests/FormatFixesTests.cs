namespace CarbonAttrs.Package.Tests;

/// <summary>
/// The code fixes applied in bulk from the command line, as docs/ide.md tells users to (and to check in CI):
/// <c>dotnet format analyzers</c> on a fresh consumer of the packed package with red-AI code.
/// </summary>
[Collection(LocalFeedCollection.Name)]
public class FormatFixesTests
{
    private const string Diagnostics = "CARB001 CARB005 CARB007 CARB008";
    private readonly LocalFeedFixture _feed;

    public FormatFixesTests(LocalFeedFixture feed) => _feed = feed;

    [Fact]
    public void Dotnet_format_applies_the_fixes_the_fixed_project_builds_clean_and_verify_no_changes_passes()
    {
        var project = _feed.NewConsoleProject("FormatUser");
        var add = Shell.Run("dotnet", $"add package CarbonAttrs --version {_feed.Version}", project, TimeSpan.FromMinutes(5));
        Assert.True(add.ExitCode == 0, add.Output);
        var torch = Shell.Run("dotnet", "add package TorchSharp --version 0.107.0", project, TimeSpan.FromMinutes(5));
        Assert.True(torch.ExitCode == 0, torch.Output);
        // CARB007 is informational by default, which a command-line build does not print: raise all four.
        File.WriteAllText(Path.Combine(project, ".globalconfig"), "is_global = true\n" +
            string.Concat(Diagnostics.Split(' ').Select(id => $"dotnet_diagnostic.{id}.severity = warning\n")));
        File.WriteAllText(Path.Combine(project, "Program.cs"), RedAiProgram);

        var before = Shell.Run("dotnet", "build -c Release", project, TimeSpan.FromMinutes(5));
        Assert.True(before.ExitCode == 0, before.Output);
        foreach (var id in Diagnostics.Split(' '))
            Assert.Contains($"warning {id}", before.Output);

        // As a CI check: a fix would change something, so the command fails.
        var check = Shell.Run("dotnet", $"format analyzers --diagnostics {Diagnostics} --severity info --verify-no-changes", project, TimeSpan.FromMinutes(5));
        Assert.True(check.ExitCode != 0, "verify-no-changes passed on unfixed code:\n" + check.Output);

        var format = Shell.Run("dotnet", $"format analyzers --diagnostics {Diagnostics} --severity info", project, TimeSpan.FromMinutes(5));
        Assert.True(format.ExitCode == 0, format.Output);
        var fixedCode = File.ReadAllText(Path.Combine(project, "Program.cs"));
        Assert.Contains("[TrackEmissions]", fixedCode);                   // CARB001
        Assert.Contains("torch.no_grad()", fixedCode);                    // CARB005
        Assert.DoesNotContain("ScalarType.Float64", fixedCode);           // CARB007
        Assert.Contains("[TrackEmissions(Summarize = true)]", fixedCode); // CARB008

        var after = Shell.Run("dotnet", "build -c Release", project, TimeSpan.FromMinutes(5));
        Assert.True(after.ExitCode == 0, after.Output);
        foreach (var id in Diagnostics.Split(' '))
            Assert.DoesNotContain($"warning {id}", after.Output);

        var verify = Shell.Run("dotnet", $"format analyzers --diagnostics {Diagnostics} --severity info --verify-no-changes", project, TimeSpan.FromMinutes(5));
        Assert.True(verify.ExitCode == 0, verify.Output);
    }

    private const string RedAiProgram = """
        using CarbonAttrs;
        using TorchSharp;
        using static TorchSharp.torch;

        var x = randn(64, 4);
        var y = randn(64, 1);
        var model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1));
        Trainer.Sweep(model, x, y);
        Trainer.Evaluate(model, x, y);
        Trainer.DoublePrecision(model, x, y);
        Trainer.StepLoop(model, x, y);

        static class Trainer
        {
            // CARB001: three trainings, none on record.
            public static void Sweep(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
            {
                foreach (var lr in new[] { 0.1, 0.01, 0.001 })
                    Train(model, x, y, lr);
            }

            public static void Train(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y, double lr)
            {
                var optimizer = optim.SGD(model.parameters(), lr);
                for (var epoch = 0; epoch < 5; epoch++)
                {
                    optimizer.zero_grad();
                    using var loss = nn.functional.mse_loss(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                }
            }

            // CARB005: evaluation that records the autograd graph.
            public static float Evaluate(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
            {
                model.eval();
                var predicted = model.forward(x);
                return nn.functional.mse_loss(predicted, y).item<float>();
            }

            // CARB007: training in double precision.
            public static void DoublePrecision(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
            {
                model.to(ScalarType.Float64);
                var optimizer = optim.Adam(model.parameters());
                for (var step = 0; step < 10; step++)
                {
                    optimizer.zero_grad();
                    using var loss = nn.functional.mse_loss(model.forward(x), y);
                    loss.backward();
                    optimizer.step();
                }
            }

            // CARB008: one ledger row per training step.
            public static void StepLoop(nn.Module<Tensor, Tensor> model, Tensor x, Tensor y)
            {
                var optimizer = optim.Adam(model.parameters());
                for (var step = 0; step < 10_000; step++)
                    Step(model, optimizer, x, y);
            }

            [TrackEmissions]
            public static void Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x, Tensor y)
            {
                optimizer.zero_grad();
                using var loss = nn.functional.mse_loss(model.forward(x), y);
                loss.backward();
                optimizer.step();
            }
        }
        """;
}
