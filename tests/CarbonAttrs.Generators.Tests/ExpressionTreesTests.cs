using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// A tracked call inside a lambda is intercepted unless the lambda becomes an expression tree. A lambda passed to a
/// method whose every candidate takes a delegate there is known from declarations (<c>ExpressionTrees.IsDelegateArgument</c>),
/// not bound; everything else is bound. The declarative answer must never contradict binding: on a catalogue of shapes
/// and on every lambda argument of this repository's C# files.
/// </summary>
public sealed class ExpressionTreesTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using System.Linq.Expressions;
        using CarbonAttrs;

        public static class Progress
        {
            public static T Run<T>(int n, Func<int, T> work) => work(n);
            public static int Named(int n, Func<int, int> work) => work(n);
            public static int All(params Func<int, int>[] works) => works.Sum(w => w(1));
            public static int Either(long n, Func<int, int> work) => work((int)n);
            public static int Either(int n, Expression<Func<int, int>> tree) => n;
            public static int Quoted(Expression<Func<int, int>> tree) => 0;
            public static int Boxed(object value) => 0;
        }

        public static class Lab
        {
            [TrackEmissions]
            public static int Fit(int x) => x;

            private static int Apply(Func<int, int> f) => f(2);

            public static int Calls(IEnumerable<int> items, IQueryable<int> query)
            {
                var a = Progress.Run(3, p => Fit(p));
                var b = Apply(x => Fit(x));
                var c = Progress.Named(work: x => Fit(x), n: 2);
                var d = Progress.All(x => Fit(x), y => Fit(y));
                var e = Progress.Either(2, x => Fit(x));
                var f = Progress.Quoted(x => Fit(x));
                var g = items.Select(x => Fit(x)).Sum();
                var h = query.Where(x => Fit(x) > 0).Count();
                var i = Progress.Boxed((int x) => Fit(x));
                var j = System.Linq.Enumerable.Sum(items, x => Fit(x));
                return a + b + c + d + e + f + g + h + i + j;
            }
        }
        """;

    [Fact]
    public void Lambdas_passed_where_every_candidate_takes_a_delegate_are_known_from_declarations()
    {
        var compilation = GeneratorHarness.CreateCompilation(Source);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var model = compilation.GetSemanticModel(compilation.SyntaxTrees.Single());
        var lambdas = Lambdas(compilation.SyntaxTrees.Single()).Where(l => l.ToString().Contains("Fit(", StringComparison.Ordinal)).ToList();

        var known = lambdas.Select(l => TrackEmissionsGenerator.ExpressionTrees.IsDelegateArgument(l, model, CancellationToken.None));

        // Run (generic), Apply (simple name), named and params arguments: known. Left to binding: an overload that takes an
        // expression (Either), an expression parameter (Quoted), instance receivers (extension methods: Select, Where),
        // object (a lambda's natural type may become anything). A namespace-qualified type's method whose overloads all take
        // a delegate there (Enumerable.Sum) is known too.
        Assert.Equal(new[] { true, true, true, true, true, false, false, false, false, false, true }, known);
    }

    [Fact]
    public void Calls_in_expression_trees_are_still_reported_and_the_others_intercepted()
    {
        var run = GeneratorHarness.Run(Source);

        // As many as binding finds: Quoted, Either (its int overload takes the expression) and Where.
        var trees = run.GeneratorDiagnostics.Where(d => d.GetMessage().Contains("expression tree", StringComparison.Ordinal)).ToList();
        var model = run.Input.GetSemanticModel(run.Input.SyntaxTrees.Single());
        var expected = Lambdas(run.Input.SyntaxTrees.Single())
            .Where(l => l.ToString().Contains("Fit(", StringComparison.Ordinal))
            .Count(l => model.GetTypeInfo(l).ConvertedType is INamedTypeSymbol { Name: "Expression" });
        Assert.Equal(expected, trees.Count);
        Assert.True(expected >= 2, "the catalogue must hold expression trees");
        Assert.Empty(run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void Every_lambda_known_from_declarations_binds_to_a_delegate()
    {
        var compared = 0;
        foreach (var file in RepositoryFiles.CSharpFiles().Prepend("(source)"))
        {
            var compilation = GeneratorHarness.CreateCompilation(file == "(source)" ? Source : File.ReadAllText(file));
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            foreach (var lambda in Lambdas(tree).Where(l => TrackEmissionsGenerator.ExpressionTrees.IsDelegateArgument(l, model, CancellationToken.None)))
            {
                // Files compiled alone miss references: compare only where binding knows the target type.
                if (model.GetTypeInfo(lambda).ConvertedType is not { TypeKind: not TypeKind.Error } converted)
                    continue;
                Assert.True(converted.TypeKind == TypeKind.Delegate, $"{file}: '{lambda}' converts to {converted}");
                compared++;
            }
        }
        Assert.True(compared >= 30, $"only {compared} lambdas compared");
    }

    private static IEnumerable<AnonymousFunctionExpressionSyntax> Lambdas(SyntaxTree tree)
        => tree.GetRoot().DescendantNodes().OfType<AnonymousFunctionExpressionSyntax>();
}
