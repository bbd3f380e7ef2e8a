using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The partial-method pattern: the generator implements the partial declaration as a measured call to
/// NameCore, so delegates and reflection are measured too, and direct calls are not intercepted twice.
/// </summary>
[Collection(TrackerCollection.Name)]
public sealed class PartialPatternTests(TrackerFixture tracker)
{
    private const string Source = """
        using System;
        using System.Threading.Tasks;
        using CarbonAttrs;
        namespace Partials.Pattern;
        public sealed partial class Trainer
        {
            public static int BodyRuns;
            /// <summary>Documented on the declaration.</summary>
            [TrackEmissions]
            public partial double Train(int epochs, string? tag = null);
            private double TrainCore(int epochs, string? tag) { BodyRuns++; return epochs / 2.0; }

            [TrackEmissions]
            internal static partial Task<T> EchoAsync<T>(T value) where T : notnull;
            private static async Task<T> EchoAsyncCore<T>(T value) where T : notnull { BodyRuns++; await Task.Yield(); return value; }
        }
        public static class Program
        {
            public static async Task<string> Run()
            {
                var trainer = new Trainer();
                Func<int, string?, double> asDelegate = trainer.Train;
                var direct = trainer.Train(4);
                var viaDelegate = asDelegate(6, "d");
                var viaReflection = (double)typeof(Trainer).GetMethod("Train")!.Invoke(trainer, new object?[] { 8, null })!;
                var echoed = await Trainer.EchoAsync("echo");
                return $"{direct} {viaDelegate} {viaReflection} {echoed}";
            }
        }
        """;

    [Fact]
    public async Task Every_call_path_is_measured_once()
    {
        var run = GeneratorHarness.Run(Source);
        // No CARB102 for the delegate: the partial pattern measures it.
        run.AssertClean();
        using var loaded = GeneratorHarness.Load(run.Output);

        Assert.Equal("2 3 4 echo", await (Task<string>)loaded.Invoke("Partials.Pattern.Program", "Run")!);

        Assert.Equal(4, loaded.Field<int>("Partials.Pattern.Trainer", "BodyRuns"));
        var rows = tracker.Measured("Partials.Pattern.");
        Assert.Equal(new[] { "Train", "Train", "Train", "EchoAsync" }, rows.Select(r => r.Name.Split('.').Last()));
        Assert.Equal(new[] { "2", "3", "4" }, rows.Take(3).Select(r => r.Result));
        Assert.Equal(new object?[] { 6, "d" }, rows[1].Hyperparameters.Select(h => h.Value));
        // The interceptor file does not exist: nothing else calls a tracked method.
        Assert.DoesNotContain(run.Sources, s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));
    }

    [Fact]
    public void Partial_method_from_a_referenced_assembly_is_not_intercepted_again()
    {
        var libraryRun = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
            using CarbonAttrs;
            namespace Partials.Library;
            public static partial class Kernels
            {
                [TrackEmissions]
                public static partial int Conv(int n);
                private static int ConvCore(int n) => n + 1;
            }
            """, assemblyName: "PartialsLibrary", path: "Kernels.cs"));
        libraryRun.AssertClean();
        var image = GeneratorHarness.Emit(libraryRun.Output);

        var consumer = GeneratorHarness.Run("""
            namespace Partials.Library.Consumer;
            public static class Program
            {
                public static int Run() => Partials.Library.Kernels.Conv(1);
            }
            """, extraReferences: new[] { MetadataReference.CreateFromImage(image) });
        consumer.AssertClean();
        Assert.DoesNotContain(consumer.Sources, s => s.HintName.StartsWith("CarbonAttrs.Interceptors", StringComparison.Ordinal));

        using var loaded = GeneratorHarness.Load(consumer.Output, new[] { (libraryRun.Output.AssemblyName!, image) });
        Assert.Equal(2, loaded.Invoke("Partials.Library.Consumer.Program", "Run"));
        Assert.Single(tracker.Measured("Partials.Library."));
    }

    [Fact]
    public void Partial_extension_method_keeps_its_this_parameter()
    {
        var run = GeneratorHarness.Run("""
            using CarbonAttrs;
            namespace Partials.Extension;
            public static partial class Tensors
            {
                [TrackEmissions]
                public static partial double Norm(this double[] values, bool squared = false);
                private static double NormCore(double[] values, bool squared)
                {
                    var sum = 0.0;
                    foreach (var v in values) sum += v * v;
                    return squared ? sum : System.Math.Sqrt(sum);
                }
            }
            public static class Program
            {
                public static double Run() => new[] { 3.0, 4.0 }.Norm() + new[] { 1.0 }.Norm(squared: true);
            }
            """);
        run.AssertClean();
        using var loaded = GeneratorHarness.Load(run.Output);

        Assert.Equal(6.0, loaded.Invoke("Partials.Extension.Program", "Run"));
        var rows = tracker.Measured("Partials.Extension.");
        Assert.Equal(new[] { "5", "1" }, rows.Select(r => r.Result));
        Assert.Equal(new object?[] { false, true }, rows.Select(r => Assert.Single(r.Hyperparameters).Value));
    }
}
