using System.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// `generator-marginal SOURCES_DIR REFS DLL RUNS`: how much of the generator's reported time is work the compiler does
/// anyway and then reuses, on a real project's sources (docs/benchmarks.md, "What the compiler reuses").
/// <para>
/// The generator's first semantic question binds the compilation's references, and its syntax walks create the trees'
/// node objects; the compilation the compiler goes on with (the same trees plus the generated ones, the same reference
/// symbols) finds both made. Per run, alternating: the generator on a fresh compilation, then the emit of the compilation
/// it updated; the emit of a fresh compilation with no generator; the generator, then an emit, on compilations "warmed"
/// first (references bound, every tree walked). Medians: the generator cold and warm (the difference is what it does for
/// the compiler), and the emits (cold minus warm: what that work costs the compiler when no generator did it).
/// </para>
/// </summary>
internal static class GeneratorMarginal
{
    public static int Run(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: generator-marginal SOURCES_DIR REFS(;-separated) GENERATOR_DLL RUNS");
            return 2;
        }
        var (files, _, fresh) = GeneratorShare.Project(args[0], args[1]);
        var generator = GeneratorShare.Load(args[2]);
        var runs = int.Parse(args[3]);
        var generatorCold = new List<double>();
        var generatorWarm = new List<double>();
        var emitAfterGenerator = new List<double>();
        var emitCold = new List<double>();
        var emitWarm = new List<double>();
        var warming = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            var compilation = fresh();
            GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: GeneratorShare.ParseOptions);
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
            generatorCold.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
            emitAfterGenerator.Add(EmitTime(updated));

            emitCold.Add(EmitTime(fresh()));

            var warm = fresh();
            warming.Add(Warm(warm));
            GeneratorDriver warmDriver = CSharpGeneratorDriver.Create(new[] { generator }, parseOptions: GeneratorShare.ParseOptions);
            warmDriver = warmDriver.RunGenerators(warm);
            generatorWarm.Add(warmDriver.GetTimingInfo().ElapsedTime.TotalMilliseconds);

            var warmOnly = fresh();
            Warm(warmOnly);
            emitWarm.Add(EmitTime(warmOnly));
        }

        Console.WriteLine(FormattableString.Invariant($"{files.Length} files; {runs} runs, medians"));
        Console.WriteLine(FormattableString.Invariant(
            $"generator: cold {GeneratorShare.Median(generatorCold):F1} ms, warm {GeneratorShare.Median(generatorWarm):F1} ms (references bound and trees walked first: {GeneratorShare.Median(warming):F1} ms)"));
        Console.WriteLine(FormattableString.Invariant(
            $"emit with no generator: cold {GeneratorShare.Median(emitCold):F1} ms, warm {GeneratorShare.Median(emitWarm):F1} ms; emit after the generator {GeneratorShare.Median(emitAfterGenerator):F1} ms"));
        Console.WriteLine(FormattableString.Invariant(
            $"generator + emit after it, minus emit alone: {GeneratorShare.Median(generatorCold) + GeneratorShare.Median(emitAfterGenerator) - GeneratorShare.Median(emitCold):F1} ms"));
        return 0;
    }

    /// <summary>What the compiler's first steps make whoever asks first: the reference symbols and every tree's node objects.</summary>
    private static double Warm(Compilation compilation)
    {
        var watch = Stopwatch.StartNew();
        _ = compilation.Assembly.GlobalNamespace;
        foreach (var tree in compilation.SyntaxTrees)
        {
            foreach (var _ in tree.GetRoot().DescendantNodesAndTokens())
            {
            }
        }
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double EmitTime(Compilation compilation)
    {
        var watch = Stopwatch.StartNew();
        using var stream = new MemoryStream();
        compilation.Emit(stream);
        return watch.Elapsed.TotalMilliseconds;
    }
}
