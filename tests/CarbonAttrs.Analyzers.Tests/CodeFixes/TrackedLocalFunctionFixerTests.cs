using CarbonAttrs.Analyzers.Tests.Infrastructure;
using CarbonAttrs.CodeFixes;
using CarbonAttrs.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.CodeFixes;

/// <summary>
/// CARB106 on a [TrackEmissions] local function (TrackedLocalFunctionAnalyzer) and its fix: the function moves out of the
/// body, into a static class after a top-level program's statements or into the containing type, where the generator
/// measures it. The generator runs in both states: the fixed code must compile with its interceptors and no CARB106 left.
/// </summary>
public sealed class TrackedLocalFunctionFixerTests
{
    [Fact]
    public Task A_top_level_local_function_moves_into_a_static_class_and_its_calls_name_it()
        => VerifyAsync(OutputKind.ConsoleApplication, """
            using System.Linq;
            using CarbonAttrs;

            var total = 0.0;
            foreach (var lr in new[] { 0.1, 0.01 })
                total += Fit(lr);
            var all = new[] { 1.0, 2.0 }.Select(Fit).Sum(); // a method group: CARB102 says so, as for any method
            System.Console.WriteLine(total + all);

            // One training run.
            [TrackEmissions]
            static double {|CARB106:Fit|}(double lr) => lr > 1 ? Fit(lr / 2) : lr * 2;
            """, """
            using System.Linq;
            using CarbonAttrs;

            var total = 0.0;
            foreach (var lr in new[] { 0.1, 0.01 })
                total += Steps.Fit(lr);
            var all = new[] { 1.0, 2.0 }.Select(Steps.Fit).Sum(); // a method group: CARB102 says so, as for any method
            System.Console.WriteLine(total + all);

            internal static class Steps
            {
                // One training run.
                [TrackEmissions]
                internal static double Fit(double lr) => lr > 1 ? Fit(lr / 2) : lr * 2;
            }
            """, configure: test =>
            {
                // The generator's CARB102 for the method group, before and after (the local function's, then the method's).
                test.TestState.ExpectedDiagnostics.Add(DiagnosticResult.CompilerWarning("CARB102").WithSpan(7, 37, 7, 40).WithArguments("Fit(double)", "Fit"));
                test.FixedState.ExpectedDiagnostics.Add(DiagnosticResult.CompilerWarning("CARB102").WithSpan(7, 37, 7, 46).WithArguments("Steps.Fit(double)", "Fit"));
            });

    [Fact]
    public Task A_local_function_of_a_method_becomes_a_static_method_of_its_type()
        => VerifyAsync(OutputKind.DynamicallyLinkedLibrary, """
            using CarbonAttrs;

            public class Trainer
            {
                public double Sweep()
                {
                    var best = 0.0;
                    foreach (var lr in new[] { 0.1, 0.01 })
                        best = System.Math.Max(best, Fit(lr));
                    return best;

                    [TrackEmissions]
                    static double {|CARB106:Fit|}(double lr)
                    {
                        return lr * 2;
                    }
                }
            }
            """, """
            using CarbonAttrs;

            public class Trainer
            {
                public double Sweep()
                {
                    var best = 0.0;
                    foreach (var lr in new[] { 0.1, 0.01 })
                        best = System.Math.Max(best, Fit(lr));
                    return best;
                }

                [TrackEmissions]
                internal static double Fit(double lr)
                {
                    return lr * 2;
                }
            }
            """);

    [Fact]
    public Task Fix_all_moves_every_top_level_local_function_into_one_class()
        => VerifyAsync(OutputKind.ConsoleApplication, """
            using CarbonAttrs;

            System.Console.WriteLine(Prepare(3) + Fit(0.1));

            [TrackEmissions]
            static int {|CARB106:Prepare|}(int n) => n;

            [TrackEmissions]
            static double {|CARB106:Fit|}(double lr) => lr * 2;
            """, """
            using CarbonAttrs;

            System.Console.WriteLine(Steps.Prepare(3) + Steps.Fit(0.1));

            internal static class Steps
            {
                [TrackEmissions]
                internal static int Prepare(int n) => n;

                [TrackEmissions]
                internal static double Fit(double lr) => lr * 2;
            }
            """, iterations: 2);

    [Fact]
    public Task No_fix_is_offered_when_the_function_uses_what_is_around_it()
    {
        // Captures a local, calls another local function, reads an instance field: as a static method it would mean
        // something else or not compile, so the diagnostic stays and nothing is offered.
        const string source = """
            using CarbonAttrs;

            public class Trainer
            {
                private double _scale = 2;

                public double Run(double lr)
                {
                    var epochs = 3;
                    return Captures(lr) + CallsAnother(lr) + ReadsField(lr);

                    [TrackEmissions] double {|CARB106:Captures|}(double x) => x * epochs;
                    [TrackEmissions] double {|CARB106:CallsAnother|}(double x) => Helper(x);
                    [TrackEmissions] double {|CARB106:ReadsField|}(double x) => x * _scale;
                    static double Helper(double x) => x;
                }
            }
            """;
        return VerifyAsync(OutputKind.DynamicallyLinkedLibrary, source, source, iterations: 0);
    }

    private static Task VerifyAsync(OutputKind kind, string source, string fixedSource, int iterations = 1, Action<FixTest>? configure = null)
    {
        var test = new FixTest(kind)
        {
            TestCode = source,
            FixedCode = fixedSource,
            CodeActionEquivalenceKey = TrackedLocalFunctionFixer.EquivalenceKey,
            NumberOfIncrementalIterations = iterations,
            NumberOfFixAllIterations = iterations == 0 ? 0 : 1,
        };
        configure?.Invoke(test);
        return test.RunAsync();
    }

    private sealed class FixTest : GeneratorCodeFixTest<TrackedLocalFunctionAnalyzer, TrackedLocalFunctionFixer>
    {
        public FixTest(OutputKind kind)
            : base("net10.0", TestReferences.Framework)
        {
            TestState.OutputKind = kind;
            FixedState.OutputKind = kind;
        }
    }
}
