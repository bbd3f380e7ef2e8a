using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Tests;

/// <summary>The generator runs on code being typed: broken code must never make it throw (no CS8785 / AD0001).</summary>
public sealed class RobustnessTests
{
    [Theory]
    [InlineData("""
        using CarbonAttrs;
        public static class Broken
        {
            [TrackEmissions]
            public static int M(Missing value) => 0;
            public static int Run() => M(new Missing(), 2) + Unknown.M(
        }
        """)]
    [InlineData("""
        using CarbonAttrs;
        public partial class Half
        {
            [TrackEmissions(Name = )]
            public partial int M(int x
            private int MCore(int x) => x;
            void Run() { M(1); System.Func<int, int> f = M; }
        """)]
    [InlineData("""
        using CarbonAttrs;
        public static class Generic<T> where T : Undefined
        {
            [TrackEmissions]
            public static dynamic M<U>(U u, dynamic d) => d;
            public static object Run(dynamic d) => M(1, d) + M<string>("", 1);
        }
        """)]
    public void Broken_code_produces_no_generator_exception(string source)
    {
        var run = GeneratorHarness.Run(source);

        var result = run.Result.Results.Single();
        Assert.Null(result.Exception);
        Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id is "CS8785" or "AD0001");
        Assert.DoesNotContain(GeneratorHarness.AnalyzerDiagnostics(run.Input), d => d.Id == "AD0001");
        // Whatever was generated parses; the errors are the user's own.
        Assert.All(result.GeneratedSources, s => Assert.DoesNotContain(s.SyntaxTree.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error));
    }
    [Fact]
    public void A_call_with_wrong_arguments_shows_only_the_users_error()
    {
        // A call that binds to no method gets no interceptor: the compiler reports the argument errors alone.
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            public static class Lab
            {
                [TrackEmissions]
                public static int Fit(int seed) => seed;
                public static int Run() => Fit("not a number") + Fit(1, 2);
            }
            """);

        Assert.Empty(run.GeneratorDiagnostics);
        var errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();
        Assert.Equal(new[] { "CS1501", "CS1503" }, errors.Order());
    }
}
