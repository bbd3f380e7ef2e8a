using System.Runtime.Loader;
using System.Text.Json;
using CarbonAttrs.Cli.Tests.Support;
using CarbonAttrs.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Cli.Tests;

/// <summary>
/// The whole path: the real generator compiles a training program, the program runs and writes its ledger
/// through the real runtime, and <c>carbonattrs footprint</c> reads the inventory from the emitted assembly file.
/// </summary>
[Collection(TrackerCollection.Name)]
public class GeneratedInventoryTests
{
    private const string Source = """
        using CarbonAttrs;
        namespace Sample;
        public static class Trainer
        {
            [TrackEmissions]
            public static double Train(double lr)
            {
                var x = 0.0;
                for (var i = 0; i < 200_000; i++) x += System.Math.Sqrt(i * lr);
                return x;
            }
            public static void Sweep()
            {
                foreach (var lr in new[] { 0.1, 0.01, 0.001 }) Train(lr);
            }
            [TrackEmissions(Summarize = true)]
            public static int NeverCalled() => 0;
        }
        """;

    [Fact]
    public void Footprint_reads_what_the_generator_recorded_and_projects_from_real_runs()
    {
        using var dir = new TempFolder();
        var dll = dir.File("Sample.dll");
        File.WriteAllBytes(dll, Compile());

        TrackerRuntime.Replace(new CarbonAttrsOptions { OutputDirectory = dir.Path, SampleInterval = TimeSpan.FromMilliseconds(20), IntensityGramsPerKwh = 300 });
        var context = new AssemblyLoadContext("sample", isCollectible: true);
        try
        {
            var assembly = context.LoadFromAssemblyPath(dll);
            assembly.GetType("Sample.Trainer")!.GetMethod("Sweep")!.Invoke(null, null);
            CarbonTracker.Flush();
        }
        finally
        {
            TrackerRuntime.Replace(new CarbonAttrsOptions { Disabled = true });
            context.Unload();
        }

        var outcome = CliRunner.Run("footprint", "--assembly", dll, "--ledger", Path.Combine(dir.Path, "emissions.csv"), "--out", dir.File("obj"));

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(File.ReadAllText(dir.File("obj/carbon-footprint.json")));
        var methods = json.RootElement.GetProperty("methods").EnumerateArray().ToDictionary(m => m.GetProperty("name").GetString()!);
        Assert.Equal(new[] { "Sample.Trainer.NeverCalled", "Sample.Trainer.Train" }, methods.Keys.Order());
        var train = methods["Sample.Trainer.Train"];
        Assert.Equal("Program.cs", train.GetProperty("file").GetString());
        Assert.Equal(3, train.GetProperty("runs").GetInt32());
        Assert.True(methods["Sample.Trainer.NeverCalled"].GetProperty("summarize").GetBoolean());
        Assert.False(methods["Sample.Trainer.NeverCalled"].GetProperty("measured").GetBoolean());
        // The generator records the loop over the tracked method (no TorchSharp needed): 3 runs, at line 14 (the foreach).
        var sweep = Assert.Single(json.RootElement.GetProperty("sweeps").EnumerateArray());
        Assert.Equal(("projected", 3, 14), (sweep.GetProperty("status").GetString(), sweep.GetProperty("size").GetInt32(), sweep.GetProperty("line").GetInt32()));
        var perRunKg = train.GetProperty("emissionsKg").GetProperty("median").GetDouble();
        Assert.Equal(3 * perRunKg, sweep.GetProperty("projected").GetProperty("emissionsKg").GetDouble(), 12);
        Assert.Contains("CarbonAttrs footprint: Sample: 2 tracked methods (1 measured), 1 sweep, projected", outcome.Output);
    }

    private static byte[] Compile()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest).WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CarbonTracker).Assembly.Location));
        var compilation = CSharpCompilation.Create("Sample", new[] { CSharpSyntaxTree.ParseText(Source, parse, path: "/src/sample/Program.cs") },
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        CSharpGeneratorDriver.Create(new[] { new TrackEmissionsGenerator().AsSourceGenerator() }, parseOptions: parse)
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        Assert.Empty(diagnostics);
        using var stream = new MemoryStream();
        var result = output.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }
}
