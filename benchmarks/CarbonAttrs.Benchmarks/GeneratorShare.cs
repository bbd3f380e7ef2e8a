using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CarbonAttrs.Benchmarks;

/// <summary>
/// `generator-share SOURCES_DIR REFS GENERATOR_DLL...`: the generator's time relative to the compilation's own on a real
/// project's sources (every *.cs under SOURCES_DIR, outside bin/obj; REFS: extra reference DLLs separated by ';'), for
/// one or more builds of CarbonAttrs.Generators (each in its own load context, so two versions compare in one run).
/// Per repetition and generator, alternating: a fresh compilation, the driver without step tracking (a full build), then
/// a one-line edit to the first file and the driver again (the IDE after an edit); then both again with implementation
/// outputs disabled (an editor that skips them); then the full run on a compilation whose references are already bound.
/// Medians of the repetitions.
/// </summary>
internal static class GeneratorShare
{
    internal static readonly CSharpParseOptions ParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });

    public static int Run(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: generator-share SOURCES_DIR REFS(;-separated) GENERATOR_DLL... [--runs N]");
            return 2;
        }
        var runs = args.Contains("--runs") ? int.Parse(args[Array.IndexOf(args, "--runs") + 1]) : 5;
        var dlls = args.Skip(2).TakeWhile(a => a != "--runs").ToArray();
        var (files, trees, fresh) = Project(args[0], args[1]);
        var generators = dlls.Select(Load).ToArray();

        var compile = new List<double>();
        var full = dlls.Select(_ => new List<double>()).ToArray();
        var edit = dlls.Select(_ => new List<double>()).ToArray();
        var emitAfter = dlls.Select(_ => new List<double>()).ToArray();
        var editorFull = dlls.Select(_ => new List<double>()).ToArray();
        var fullCpu = dlls.Select(_ => new List<double>()).ToArray();
        var editorEdit = dlls.Select(_ => new List<double>()).ToArray();
        var boundFirst = dlls.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < runs; r++)
        {
            var watch = Stopwatch.StartNew();
            using (var stream = new MemoryStream())
                fresh().Emit(stream);
            compile.Add(watch.Elapsed.TotalMilliseconds);
            for (var g = 0; g < generators.Length; g++)
            {
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { generators[g] }, parseOptions: ParseOptions);
                var compilation = fresh();
                // CPU time of the whole process during the run (every thread, the GC's included): what parallel steps
                // do not save on a machine whose cores are busy with other builds.
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var updated, out _);
                fullCpu[g].Add((Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds);
                full[g].Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                // As in the compiler: the generated trees join the same compilation lineage (reference symbols shared), then emit.
                var emitWatch = Stopwatch.StartNew();
                using (var stream = new MemoryStream())
                    updated.Emit(stream);
                emitAfter[g].Add(emitWatch.Elapsed.TotalMilliseconds);
                var first = compilation.SyntaxTrees.First();
                var edited = compilation.ReplaceSyntaxTree(first, first.WithChangedText(first.GetText().WithChanges(
                    new Microsoft.CodeAnalysis.Text.TextChange(new Microsoft.CodeAnalysis.Text.TextSpan(first.Length, 0), "\n// edit " + r + "\n"))));
                driver = driver.RunGenerators(edited);
                edit[g].Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);

                // An editor that skips implementation outputs (IncrementalGeneratorOutputKind.Implementation), as Roslyn
                // lets a host do: the same two runs.
                GeneratorDriver editor = CSharpGeneratorDriver.Create(new[] { generators[g] }, parseOptions: ParseOptions,
                    driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.Implementation));
                // Its own compilations: the generator's semantic models are kept per compilation, so reusing the ones
                // above would find their bindings made.
                var editorCompilation = fresh();
                editor = editor.RunGenerators(editorCompilation);
                editorFull[g].Add(editor.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                var editorFirst = editorCompilation.SyntaxTrees.First();
                editor = editor.RunGenerators(editorCompilation.ReplaceSyntaxTree(editorFirst, editorFirst.WithChangedText(edited.SyntaxTrees.First().GetText())));
                editorEdit[g].Add(editor.GetTimingInfo().ElapsedTime.TotalMilliseconds);

                // The full run again on a compilation whose references are already bound (its assembly symbol made): the
                // first semantic question of a build binds them, whoever asks it, and the compilation the compiler goes on
                // with reuses that work, so this part of a generator's reported time is not added to the build.
                var bound = fresh();
                _ = bound.Assembly.GlobalNamespace;
                GeneratorDriver again = CSharpGeneratorDriver.Create(new[] { generators[g] }, parseOptions: ParseOptions);
                again = again.RunGenerators(bound);
                boundFirst[g].Add(again.GetTimingInfo().ElapsedTime.TotalMilliseconds);
            }
        }

        var compileMs = Median(compile);
        Console.WriteLine(FormattableString.Invariant($"{files.Length} files, {trees.Sum(t => t.GetText().Lines.Count)} lines; compilation (bind + emit): {compileMs:F0} ms (median of {runs})"));
        for (var g = 0; g < dlls.Length; g++)
        {
            Console.WriteLine(FormattableString.Invariant(
                $"{dlls[g]}: full {Median(full[g]):F1} ms = {Median(full[g]) / compileMs:P1} (CPU {Median(fullCpu[g]):F0} ms), after an edit {Median(edit[g]):F1} ms = {Median(edit[g]) / compileMs:P1} of the compilation"));
            var lineage = Median(full[g]) + Median(emitAfter[g]);
            Console.WriteLine(FormattableString.Invariant(
                $"  as the compiler runs it (generator, then emit of the updated compilation {Median(emitAfter[g]):F0} ms): generator = {Median(full[g]) / lineage:P1} of the two"));
            Console.WriteLine(FormattableString.Invariant(
                $"  in an editor that skips implementation outputs: full {Median(editorFull[g]):F0} ms, after an edit {Median(editorEdit[g]):F0} ms"));
            Console.WriteLine(FormattableString.Invariant(
                $"  full, the compilation's references bound before the generator runs: {Median(boundFirst[g]):F1} ms"));
        }
        // Where the time goes: one more run of each with step tracking (slower; the split, not the total, is what counts).
        for (var g = 0; g < dlls.Length; g++)
        {
            GeneratorDriver tracked = CSharpGeneratorDriver.Create(new[] { generators[g] }, parseOptions: ParseOptions,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            tracked = tracked.RunGenerators(fresh());
            var steps = tracked.GetRunResult().Results.Single().TrackedSteps
                .Select(s => (Name: s.Key, Ms: s.Value.Sum(step => step.ElapsedTime.TotalMilliseconds)))
                .OrderByDescending(s => s.Ms).Take(Environment.GetEnvironmentVariable("STEPS") is { } n ? int.Parse(n) : 10);
            Console.WriteLine($"  {Path.GetFileName(Path.GetDirectoryName(dlls[g]))} steps: " + string.Join(", ", steps.Select(s => FormattableString.Invariant($"{s.Name} {s.Ms:F1} ms"))));
        }
        return 0;
    }

    /// <summary>
    /// A project's sources (every *.cs under <paramref name="directory"/>, outside bin/obj) and a maker of fresh compilations
    /// of them: new syntax trees each time, as a new build parses its files (the generator keeps what it reads per tree
    /// object, which an edit in an editor reuses and a build never finds). References: .NET 10, CarbonAttrs and
    /// <paramref name="references"/> (DLL paths separated by ';').
    /// </summary>
    internal static (string[] Files, ImmutableArray<SyntaxTree> Trees, Func<CSharpCompilation> Fresh) Project(string directory, string references)
    {
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var texts = files.Select(f => (Path: f, Text: File.ReadAllText(f))).ToArray();
        var trees = texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, ParseOptions, path: t.Path)).ToImmutableArray();
        var all = Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(CarbonTracker).Assembly.Location))
            .Concat(references.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => MetadataReference.CreateFromFile(p)))
            .ToImmutableArray();
        CSharpCompilation Fresh() => CSharpCompilation.Create("Sample", texts.Select(t => CSharpSyntaxTree.ParseText(t.Text, ParseOptions, path: t.Path)), all,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication).WithNullableContextOptions(NullableContextOptions.Enable));
        return (files, trees, Fresh);
    }

    /// <summary>A build of the generator in its own load context, so two versions run side by side.</summary>
    internal static ISourceGenerator Load(string path)
    {
        var context = new GeneratorContext(path);
        var assembly = context.LoadFromAssemblyPath(Path.GetFullPath(path));
        var type = assembly.GetTypes().Single(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && !t.IsAbstract);
        return ((IIncrementalGenerator)Activator.CreateInstance(type)!).AsSourceGenerator();
    }

    internal static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Its own copy of the generator; Roslyn and everything else from the default context (shared types).</summary>
    private sealed class GeneratorContext(string path) : AssemblyLoadContext(Path.GetFileName(path) + Guid.NewGuid())
    {
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}
