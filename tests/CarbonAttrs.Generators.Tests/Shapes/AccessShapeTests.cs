using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Tests.Shapes;

/// <summary>Private and protected targets (through UnsafeAccessor) and targets in a referenced assembly.</summary>
[Collection(TrackerCollection.Name)]
public sealed class AccessShapeTests(TrackerFixture tracker)
{
    [Fact]
    public void Private_and_protected_methods_are_called_through_unsafe_accessor()
    {
        using var loaded = GeneratorHarness.CompileAndLoad("""
            using CarbonAttrs;
            namespace Shapes.Private;
            public class Model
            {
                private int _calls;
                [TrackEmissions]
                private int Forward(int x) { _calls++; return x + 1; }
                [TrackEmissions]
                private static int Normalize(int x) => x * 10;
                [TrackEmissions]
                protected int Backward(int x) => x - 1;
                public int Run(int x) => Forward(x) + Normalize(x) + _calls;
            }
            public sealed class Derived : Model
            {
                public int RunBackward(int x) => Backward(x);
            }
            public struct Cell
            {
                public int State;
                [TrackEmissions]
                private void Touch(int by) => State += by;
                public int Run() { Touch(5); return State; }
            }
            public static class Program
            {
                public static int Run() => new Model().Run(2) + new Derived().RunBackward(100) + new Cell().Run();
            }
            """);

        Assert.Equal(3 + 20 + 1 + 99 + 5, loaded.Invoke("Shapes.Private.Program", "Run"));
        Assert.Equal(new[] { "Forward", "Normalize", "Backward", "Touch" },
            tracker.Measured("Shapes.Private.").Select(r => r.Name.Split('.').Last()));
    }

    [Fact]
    public void Methods_declared_in_a_referenced_assembly_are_intercepted()
    {
        var library = GeneratorHarness.CreateCompilation("""
            using CarbonAttrs;
            namespace Shapes.Library;
            public static class Kernels
            {
                public static int BodyRuns;
                [TrackEmissions(Experiment = "lib")]
                public static int MatMul(int n) { BodyRuns++; return n * n * n; }
            }
            """, assemblyName: "ShapesLibrary", path: "Kernels.cs");
        // The library itself is built with the generator too (its own calls would be intercepted there).
        var libraryRun = GeneratorHarness.Run(library);
        libraryRun.AssertClean();
        var libraryImage = GeneratorHarness.Emit(libraryRun.Output);

        using var loaded = GeneratorHarness.CompileAndLoad("""
            namespace Shapes.Library.Consumer;
            public static class Program
            {
                public static int Run() => Shapes.Library.Kernels.MatMul(3);
            }
            """,
            extraReferences: new[] { MetadataReference.CreateFromImage(libraryImage) },
            extraAssemblies: new[] { (libraryRun.Output.AssemblyName!, libraryImage) });

        Assert.Equal(27, loaded.Invoke("Shapes.Library.Consumer.Program", "Run"));
        var row = Assert.Single(tracker.Measured("Shapes.Library."));
        Assert.Equal("Shapes.Library.Kernels.MatMul", row.Name);
        Assert.Equal("lib", row.Experiment);
    }
}
