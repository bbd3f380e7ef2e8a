using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.Analyzers.Rules;
using CarbonAttrs.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using V = CarbonAttrs.Analyzers.Tests.Infrastructure.AnalyzerVerifier<CarbonAttrs.Analyzers.Rules.ForwardWithoutNoGradAnalyzer>;

namespace CarbonAttrs.Analyzers.Tests.Rules;

public class ForwardWithoutNoGradAnalyzerTests
{
    private const string EvaluateMethod = """
        static class Program
        {
            static float Evaluate(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                var total = 0f;
                for (int i = 0; i < 10; i++)
                {
                    total += {|CARB005:model.forward(x)|}.sum().ToSingle();
                }

                return total;
            }
        }
        """;

    [Fact]
    public Task Forward_in_an_evaluation_method_is_reported() => V.VerifyAsync(Sources.Usings + EvaluateMethod);

    [Fact]
    public Task Forward_after_eval_in_a_training_method_is_reported_but_training_forwards_are_not() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static void Fit(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x)
            {
                for (int epoch = 0; epoch < 3; epoch++)
                {
                    model.train();
                    var loss = model.forward(x).sum();
                    loss.backward();
                    optimizer.step();
                    model.eval();
                    var validation = {|CARB005:model.call(x)|};
                }
            }
        }
        """);

    [Fact]
    public Task No_grad_inference_mode_and_set_grad_enabled_false_are_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static Tensor EvaluateA(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                using (torch.no_grad()) { return model.forward(x); }
            }

            static Tensor EvaluateB(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                using var mode = torch.inference_mode();
                return model.forward(x);
            }

            static Tensor PredictC(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                using var grad = set_grad_enabled(false);
                return model.forward(x);
            }

            static Tensor InferD(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                model.eval();
                using (no_grad())
                {
                    return model.forward(x);
                }
            }
        }
        """);

    [Fact]
    public Task Evaluation_method_wrapped_by_its_caller_is_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static Tensor Validate(nn.Module<Tensor, Tensor> model, Tensor x) => model.forward(x);

            static void Main()
            {
                var model = nn.Linear(4, 1);
                using (torch.no_grad())
                {
                    Validate(model, rand(2, 4));
                }
            }
        }
        """);

    [Fact]
    public Task Non_evaluation_code_and_evaluation_names_that_train_are_silent() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static Tensor Forward(nn.Module<Tensor, Tensor> model, Tensor x) => model.forward(x);

            static void TestTraining(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Tensor x)
            {
                model.forward(x).sum().backward();
                optimizer.step();
            }
        }
        """);

    [Fact]
    public Task Editorconfig_prefixes_replace_the_defaults() => V.VerifyAsync(Sources.Usings + """
        static class Program
        {
            static Tensor Evaluate(nn.Module<Tensor, Tensor> model, Tensor x) => model.forward(x);

            static Tensor ScoreBatch(nn.Module<Tensor, Tensor> model, Tensor x) => {|CARB005:model.forward(x)|};
        }
        """, editorConfig: "carbonattrs.evaluation_method_prefixes = Score");

    [Fact]
    public Task Fix_declares_no_grad_at_the_top_of_the_evaluation_method() => V.VerifyFixAsync<ForwardWithoutNoGradFixer>(
        Sources.Usings + EvaluateMethod,
        Sources.Usings + EvaluateMethod
            .Replace("{|CARB005:model.forward(x)|}", "model.forward(x)")
            .Replace("        var total = 0f;", "        using var noGrad = torch.no_grad();\n        var total = 0f;"));

    [Fact]
    public Task One_diagnostic_per_scope_lists_the_other_forwards_and_its_fix_declares_no_grad_once_after_eval() => V.VerifyFixAsync<ForwardWithoutNoGradFixer>(
        Sources.Usings + """
        static class Program
        {
            static void Report(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                model.eval();
                var a = {|#0:model.forward(x)|};
                var b = {|#1:model.forward(x * 2)|};
            }
        }
        """,
        Sources.Usings + """
        static class Program
        {
            static void Report(nn.Module<Tensor, Tensor> model, Tensor x)
            {
                model.eval();
                using var noGrad = torch.no_grad();
                var a = model.forward(x);
                var b = model.forward(x * 2);
            }
        }
        """,
        new[] { new DiagnosticResult(ForwardWithoutNoGradAnalyzer.Rule).WithLocation(0).WithLocation(1).WithArguments("model") });
}
