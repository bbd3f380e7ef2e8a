using CarbonAttrs.Analyzers.Tests.Infrastructure;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.UncappedTrainingLoopAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class UncappedTrainingLoopAnalyzerTests
{
    [Fact]
    public Task Train_until_loss_threshold_is_reported() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Main()
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters());
                {|CARB004:while|} (true)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    loss.backward();
                    optimizer.step();
                    if (loss.item<float>() < 0.01f) break;
                }
            }
        }
        """);

    [Fact]
    public Task For_ever_and_flag_conditions_are_reported() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Forever(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                {|CARB004:for|} (;;)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    loss.backward();
                    optimizer.step();
                    if (loss.ToSingle() < 0.01f) return;
                }
            }

            static void UntilConverged(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                var converged = false;
                {|CARB004:while|} (!converged)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    loss.backward();
                    optimizer.step();
                    converged = loss.ToSingle() < 0.01f;
                }
            }
        }
        """);

    [Fact]
    public Task Loops_with_a_cap_are_silent() => V.VerifyAsync(Sources.Usings + """
        using System.Diagnostics;
        using System.Threading;

        static class Program
        {
            static void StepCap(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                var step = 0;
                while (true)
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                    if (++step >= 10_000) break;
                }
            }

            static void ConvergedOrCapped(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, int maxEpochs)
            {
                var converged = false;
                for (int epoch = 0; !converged && epoch < maxEpochs; epoch++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    loss.backward();
                    optimizer.step();
                    converged = loss.ToSingle() < 0.01f;
                }
            }

            static void TimeBudget(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                var clock = Stopwatch.StartNew();
                while (clock.Elapsed < TimeSpan.FromHours(1))
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }

            static void Cancellable(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, CancellationToken token)
            {
                while (!token.IsCancellationRequested)
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }

            static void DataDriven(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, IEnumerator<Tensor> batches)
            {
                while (batches.MoveNext())
                {
                    model.forward(batches.Current).sum().backward();
                    optimizer.step();
                }
            }

            static void NotTraining()
            {
                var x = 0.0;
                while (true) { x += 0.1; if (x > 0.5 * Math.PI) break; }
            }
        }
        """);
}
