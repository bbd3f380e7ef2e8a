using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// Generator and analyzers at scale over <see cref="SyntheticProject"/>: their time relative to the
/// compilation's own (binding and emitting the same files), and whether an edit to an unrelated file leaves
/// the generator's outputs cached. Median of a few repetitions, each on a fresh compilation.
/// </summary>
internal static class CompilerScale
{
    private static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });

    public static int Run(string[] args)
    {
        var repetitions = args.Length > 0 ? int.Parse(args[0]) : 3;
        var generators = LoadComponents<ISourceGenerator>("CarbonAttrs.Generators");
        // The generator's assembly carries one analyzer too (UnreachableTrackedCallAnalyzer, CARB101 for want of access).
        var analyzers = LoadComponents<DiagnosticAnalyzer>("CarbonAttrs.Analyzers").AddRange(LoadComponents<DiagnosticAnalyzer>("CarbonAttrs.Generators"));
        var references = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CarbonTracker).Assembly.Location)).ToImmutableArray();
        var trees = SyntheticProject.Sources()
            .Select(s => CSharpSyntaxTree.ParseText(s.Text, ParseOptions, path: "/synthetic/" + s.Path))
            .ToImmutableArray();
        CSharpCompilation Fresh() => CSharpCompilation.Create("Synthetic", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary).WithNullableContextOptions(NullableContextOptions.Enable));

        Console.WriteLine($"{trees.Length} files, {generators.Length} generator(s), {analyzers.Length} analyzer(s), {repetitions} repetitions");
        var compile = new List<double>();
        var generate = new List<double>();
        var analyze = new List<double>();
        var slowest = new List<(string Name, double Ms)>();
        var callSites = 0;
        for (var r = 0; r < repetitions; r++)
        {
            compile.Add(Time(() =>
            {
                using var stream = new MemoryStream();
                var result = Fresh().Emit(stream);
                if (!result.Success)
                    throw new InvalidOperationException("the synthetic project does not compile: " + result.Diagnostics.First(d => d.Severity == DiagnosticSeverity.Error));
            }));

            GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions);
            driver = driver.RunGenerators(Fresh());
            generate.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
            var generated = driver.GetRunResult().GeneratedTrees.Sum(t => t.GetText().Lines.Count(l => l.ToString().Contains("InterceptsLocation(1,")));
            callSites = generated;

            if (!analyzers.IsEmpty)
            {
                var withAnalyzers = Fresh().WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                    new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
                withAnalyzers.GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
                var times = analyzers.Select(a => (Name: a.GetType().Name, Ms: withAnalyzers.GetAnalyzerTelemetryInfoAsync(a, CancellationToken.None).GetAwaiter().GetResult().ExecutionTime.TotalMilliseconds)).ToList();
                analyze.Add(times.Sum(t => t.Ms));
                slowest.Add(times.OrderByDescending(t => t.Ms).First());
            }
        }

        var compileMs = Median(compile);
        Console.WriteLine($"intercepted call sites: {callSites}");
        Console.WriteLine(FormattableString.Invariant($"compilation (bind + emit): {compileMs:F0} ms (median of {compile.Count}: {string.Join(", ", compile.Select(c => c.ToString("F0")))})"));
        Console.WriteLine(FormattableString.Invariant($"generator: {Median(generate):F0} ms = {Median(generate) / compileMs:P1} of the compilation"));
        if (analyze.Count > 0)
        {
            Console.WriteLine(FormattableString.Invariant($"analyzers ({analyzers.Length}): {Median(analyze):F0} ms = {Median(analyze) / compileMs:P1} of the compilation"));
            Console.WriteLine("slowest analyzer per repetition: " + string.Join(", ", slowest.Select(t => FormattableString.Invariant($"{t.Name} {t.Ms:F0} ms"))));
        }
        else
            Console.WriteLine("analyzers: none in this tree");

        EditUnrelatedFile(generators, Fresh(), trees);
        return 0;
    }

    /// <summary>Runs the driver, edits a file with no tracked method and no call site, runs again: outputs must be cached.</summary>
    private static void EditUnrelatedFile(ImmutableArray<ISourceGenerator> generators, CSharpCompilation compilation, ImmutableArray<SyntaxTree> trees)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        driver = driver.RunGenerators(compilation);
        var firstMs = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;
        var first = driver.GetRunResult().GeneratedTrees.Select(t => t.GetText().ToString()).ToList();

        var old = trees.Single(t => t.FilePath.EndsWith(SyntheticProject.UnrelatedFile, StringComparison.Ordinal));
        var edited = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(SyntheticProject.EditedUnrelatedFile(), ParseOptions, path: old.FilePath));
        driver = driver.RunGenerators(edited);
        var result = driver.GetRunResult();
        var second = result.GeneratedTrees.Select(t => t.GetText().ToString()).ToList();
        var outputReasons = result.Results.SelectMany(r => r.TrackedOutputSteps.SelectMany(s => s.Value))
            .SelectMany(step => step.Outputs.Select(o => o.Reason)).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());
        var rerunMs = driver.GetTimingInfo().ElapsedTime.TotalMilliseconds; // timing of the latest run
        Console.WriteLine($"edit to {SyntheticProject.UnrelatedFile}: generated text identical: {first.SequenceEqual(second)}; output steps: {string.Join(", ", outputReasons.Select(p => $"{p.Key} {p.Value}"))}");
        Console.WriteLine(FormattableString.Invariant($"generator time with step tracking: first run {firstMs:F0} ms, after the edit {rerunMs:F0} ms"));

        // Again without step tracking, as the IDE and the build run it: tracking records every step's inputs and outputs.
        GeneratorDriver plain = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions);
        plain = plain.RunGenerators(compilation);
        var plainFirstMs = plain.GetTimingInfo().ElapsedTime.TotalMilliseconds;
        plain = plain.RunGenerators(edited);
        Console.WriteLine(FormattableString.Invariant($"generator time without step tracking: first run {plainFirstMs:F0} ms, after the edit {plain.GetTimingInfo().ElapsedTime.TotalMilliseconds:F0} ms"));
    }

    private static ImmutableArray<T> LoadComponents<T>(string assemblyName) where T : class
    {
        var path = Path.Combine(AppContext.BaseDirectory, "components", assemblyName + ".dll");
        if (!File.Exists(path))
            return ImmutableArray<T>.Empty;
        var types = Assembly.LoadFrom(path).GetTypes().Where(t => !t.IsAbstract && t.IsClass);
        if (typeof(T) == typeof(ISourceGenerator))
        {
            return types.Where(t => typeof(IIncrementalGenerator).IsAssignableFrom(t))
                .Select(t => (T)(object)((IIncrementalGenerator)Activator.CreateInstance(t)!).AsSourceGenerator())
                .ToImmutableArray();
        }
        return types.Where(t => typeof(T).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (T)Activator.CreateInstance(t)!).ToImmutableArray();
    }

    private static double Time(Action action)
    {
        var watch = Stopwatch.StartNew();
        action();
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }
}
