using CarbonAttrs.Analyzers.Rules;
using CarbonAttrs.Analyzers.Tests.Infrastructure;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UntrackedSweepAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class SmokeTests
{
    [Fact]
    public Task Sweep_over_untracked_training_run_is_reported() => V.VerifyAsync(Sources.Usings + Sources.TrainingRun + """
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
        """);
}
