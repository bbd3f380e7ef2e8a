using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.DoublePrecisionTrainingAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class DoublePrecisionTrainingAnalyzerTests
{
    private const string TrainingWithDoubles = """
        static class Program
        {
            static void Train()
            {
                set_default_dtype({|CARB007:ScalarType.Float64|});
                var model = nn.Linear(4, 1);
                {|CARB007:model.@double()|};
                var optimizer = optim.Adam(model.parameters());
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    var x = rand(8, 4, dtype: {|CARB007:torch.float64|});
                    model.forward({|CARB007:x.@double()|}).sum().backward();
                    optimizer.step();
                }
            }
        }
        """;

    [Fact]
    public Task Double_precision_in_a_training_run_is_reported() => V.VerifyAsync(Sources.Usings + TrainingWithDoubles);

    [Fact]
    public Task Double_precision_in_a_trained_module_subclass_is_reported() => V.VerifyAsync(Sources.Usings + """
        sealed class Net : nn.Module<Tensor, Tensor>
        {
            private readonly Linear _layer = nn.Linear(4, 1);

            public Net() : base(nameof(Net)) => RegisterComponents();

            public override Tensor forward(Tensor x) => _layer.forward(x.to_type({|CARB007:ScalarType.Float64|}));
        }

        sealed class Unused : nn.Module<Tensor, Tensor>
        {
            public Unused() : base(nameof(Unused)) { }

            public override Tensor forward(Tensor x) => x.to_type(ScalarType.Float64);
        }

        static class Program
        {
            static void Train()
            {
                var model = new Net();
                var optimizer = optim.Adam(model.parameters());
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    model.forward(rand(8, 4)).sum().backward();
                    optimizer.step();
                }
            }
        }
        """);

    [Fact]
    public Task Double_precision_outside_training_and_dtype_checks_are_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static Tensor Analyse(Tensor x) => x.to_type(ScalarType.Float64).mean();

            static void Train(Tensor data)
            {
                var model = nn.Linear(4, 1);
                var optimizer = optim.Adam(model.parameters());
                if (data.dtype == ScalarType.Float64) Console.WriteLine("double data");
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    model.forward(data).sum().backward();
                    optimizer.step();
                }
            }
        }
        """);

    [Fact]
    public Task Fix_all_replaces_every_double_with_float32() => V.VerifyFixAsync<DoublePrecisionTrainingFixer>(
        Sources.Usings + TrainingWithDoubles,
        Sources.Usings + """
        static class Program
        {
            static void Train()
            {
                set_default_dtype(ScalarType.Float32);
                var model = nn.Linear(4, 1);
                model.@float();
                var optimizer = optim.Adam(model.parameters());
                for (int epoch = 0; epoch < 10; epoch++)
                {
                    var x = rand(8, 4, dtype: torch.float32);
                    model.forward(x.@float()).sum().backward();
                    optimizer.step();
                }
            }
        }
        """);
}
