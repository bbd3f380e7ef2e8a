using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// `generator-output SOURCES_DIR REFS OUT_DIR GENERATOR_DLL...`: what each build of the generator generates for a real
/// project (as <see cref="GeneratorShare"/> compiles it), written to OUT_DIR/&lt;n&gt;/ with its diagnostics, so that a change
/// meant to keep the output can be checked byte for byte (`diff -r OUT_DIR/0 OUT_DIR/1`).
/// </summary>
internal static class GeneratorOutput
{
    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: generator-output SOURCES_DIR REFS(;-separated) OUT_DIR GENERATOR_DLL...");
            return 2;
        }
        var (_, _, fresh) = GeneratorShare.Project(args[0], args[1]);
        for (var g = 3; g < args.Length; g++)
        {
            var compilation = fresh();
            var result = CSharpGeneratorDriver.Create(new[] { GeneratorShare.Load(args[g]) }, parseOptions: GeneratorShare.ParseOptions)
                .RunGenerators(compilation).GetRunResult().Results.Single();
            var dir = Path.Combine(args[2], (g - 3).ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            foreach (var source in result.GeneratedSources)
                File.WriteAllText(Path.Combine(dir, source.HintName), source.SourceText.ToString());
            File.WriteAllLines(Path.Combine(dir, "diagnostics.txt"), result.Diagnostics.Select(d => d.ToString()).Order(StringComparer.Ordinal));
            Console.WriteLine($"{args[g]}: {result.GeneratedSources.Length} sources, {result.Diagnostics.Length} diagnostics -> {dir}");
        }
        return 0;
    }
}
