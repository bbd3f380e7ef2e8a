using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Tests;

/// <summary>Every shape generated code cannot stand in for gets CARB101 at the call, with its own reason, and the output still compiles as the user's code does.</summary>
public sealed class Carb101ReasonTests
{
    [Theory]
    [InlineData("""
        public static class Shape
        {
            [TrackEmissions] public static int Sum(__arglist) => 0;
            public static int Run() => Sum(__arglist(1, 2));
        }
        """, "it takes __arglist")]
    [InlineData("""
        public interface IModel { [TrackEmissions] static abstract int Train(int epochs); }
        public static class Shape { public static int Run<T>() where T : IModel => T.Train(1); }
        """, "static abstract or virtual interface members are resolved per type argument")]
    [InlineData("""
        public static unsafe class Shape
        {
            [TrackEmissions] public static int Read(int* p) => *p;
            public static int Run() { var x = 1; return Read(&x); }
        }
        """, "its signature uses pointer types")]
    [InlineData("""
        file static class Shape
        {
            [TrackEmissions] public static int Train(int epochs) => epochs;
            public static int Run() => Train(1);
        }
        """, "it is declared in a file-local type")]
    [InlineData("""
        public class Shape<T>
        {
            #pragma warning disable CS0693
            [TrackEmissions] public static int Train<T>(T value) => 1;
            #pragma warning restore CS0693
            public static int Run() => Train<string>("a");
        }
        """, "its type parameters and those of its containing types share a name")]
    [InlineData("""
        public static class Shape
        {
            [TrackEmissions] public static int Fill([System.Diagnostics.CodeAnalysis.UnscopedRef] out int value) { value = 1; return value; }
            public static int Run() => Fill(out var v) + v;
        }
        """, "it has an [UnscopedRef] parameter")]
    [InlineData("""
        public static class Shape
        {
            private static int _slot;
            [TrackEmissions] public static ref int Slot() => ref _slot;
            public static int Run() => Slot();
        }
        """, "it returns by reference")]
    public void Each_unwrappable_shape_gets_CARB101_with_its_reason_and_is_left_alone(string shape, string reason)
    {
        var source = "using CarbonAttrs;\nnamespace Diagnostics.Reasons;\n" + shape;
        var userErrors = GeneratorHarness.CreateCompilation(source).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList();

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("CARB101", diagnostic.Id);
        Assert.Contains(reason, diagnostic.GetMessage());
        Assert.DoesNotContain(run.Sources, s => s.SourceText.ToString().Contains("Diagnostics.Reasons", StringComparison.Ordinal) && s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));
        // Nothing generated for it adds an error to what the user's code already has.
        Assert.Equal(userErrors, run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Id).ToList());
    }
}
