using CarbonAttrs.Analyzers.Tests.Infrastructure;

namespace CarbonAttrs.Analyzers.Tests.Rules;

/// <summary>
/// Every CarbonAttrs analyzer at once: a loop whose iterations are whole training runs is a sweep and gets the sweep
/// rules only (CARB002 for an unknown size), never CARB004 as well; a loop of training steps keeps CARB004.
/// </summary>
public class SweepOrTrainingLoopTests
{
    [Fact]
    public async Task A_random_search_until_a_target_is_reached_gets_CARB002_only()
    {
        var compilation = TestCompilation.Create(Sources.Usings + """
            static class Program
            {
                static void Main()
                {
                    var random = new Random(3);
                    var best = 0.0;
                    var target = 0.95;
                    while (best < target) best = Math.Max(best, Trial(random.NextDouble()));
                }

                [TrackEmissions]
                static double Trial(double lr)
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.Adam(model.parameters(), lr);
                    for (int epoch = 0; epoch < 10; epoch++)
                    {
                        var loss = model.forward(rand(8, 4)).sum();
                        optimizer.zero_grad();
                        loss.backward();
                        optimizer.step();
                    }
                    return lr;
                }
            }
            """);

        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        var carb = diagnostics.Where(d => d.Id.StartsWith("CARB", StringComparison.Ordinal)).ToArray();
        var only = Assert.Single(carb);
        Assert.Equal("CARB002", only.Id);
        Assert.Equal(15, only.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public async Task A_loop_of_training_steps_until_the_loss_is_low_keeps_CARB004()
    {
        var compilation = TestCompilation.Create(Sources.Usings + """
            static class Program
            {
                static void Main()
                {
                    var model = nn.Linear(4, 1);
                    var optimizer = optim.Adam(model.parameters(), 0.01);
                    var loss = 1.0;
                    while (loss > 0.01)
                    {
                        var output = model.forward(rand(8, 4)).sum();
                        optimizer.zero_grad();
                        output.backward();
                        optimizer.step();
                        loss = output.item<float>();
                    }
                }
            }
            """);

        var (diagnostics, exceptions, _) = await TestCompilation.AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        Assert.Contains(diagnostics, d => d.Id == "CARB004");
        Assert.DoesNotContain(diagnostics, d => d.Id is "CARB001" or "CARB002" or "CARB003");
    }
}
