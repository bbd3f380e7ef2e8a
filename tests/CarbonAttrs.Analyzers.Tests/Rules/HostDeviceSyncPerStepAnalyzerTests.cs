using CarbonAttrs.Analyzers.Tests.Infrastructure;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.HostDeviceSyncPerStepAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class HostDeviceSyncPerStepAnalyzerTests
{
    [Fact]
    public Task Item_and_extension_reads_on_every_step_are_reported() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                var losses = new List<float>();
                for (int step = 0; step < 1000; step++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    loss.backward();
                    optimizer.step();
                    losses.Add({|CARB006:loss.item<float>()|});
                    Console.WriteLine({|CARB006:loss.ToDouble()|});
                    var host = {|CARB006:loss.cpu()|}.item<float>();
                }
            }
        }
        """);

    [Fact]
    public Task Guarded_logging_is_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                for (int step = 0; step < 1000; step++)
                {
                    var loss = model.forward(rand(8, 4)).sum();
                    loss.backward();
                    optimizer.step();
                    if (step % 100 == 0) Console.WriteLine(loss.item<float>());
                    var shown = step % 50 == 0 ? loss.ToSingle() : 0f;
                }
            }
        }
        """);

    [Fact]
    public Task Once_per_epoch_and_outside_training_loops_is_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    Tensor last = zeros(1);
                    for (int batch = 0; batch < 100; batch++)
                    {
                        last = model.forward(rand(8, 4)).sum();
                        last.backward();
                        optimizer.step();
                    }

                    Console.WriteLine(last.item<float>());
                }
            }

            static void Print(Tensor[] values)
            {
                foreach (var value in values) Console.WriteLine(value.item<float>());
            }
        }
        """);

    [Fact]
    public Task Per_step_helper_makes_the_loop_a_training_loop() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static Tensor Step(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                var loss = model.forward(rand(8, 4)).sum();
                loss.backward();
                optimizer.step();
                return loss;
            }

            static void Train(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer)
            {
                for (int i = 0; i < 100; i++)
                {
                    var loss = Step(model, optimizer);
                    Console.WriteLine({|CARB006:loss.ToSingle()|});
                }
            }
        }
        """);
}
