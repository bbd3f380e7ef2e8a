using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using CarbonAttrs.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>Builds real in-memory compilations, runs the generator over them, emits and loads the result.</summary>
internal static partial class GeneratorHarness
{
    public static readonly CSharpParseOptions EnabledParseOptions = new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });

    public static readonly CSharpParseOptions DisabledParseOptions = new(LanguageVersion.Latest);

    /// <summary>Reference assemblies of .NET 10 plus the CarbonAttrs runtime under test.</summary>
    public static readonly ImmutableArray<MetadataReference> References = Basic.Reference.Assemblies.Net100.References.All
        .Cast<MetadataReference>()
        .Append(MetadataReference.CreateFromFile(typeof(CarbonTracker).Assembly.Location))
        .ToImmutableArray();

    /// <summary>What the consumer's build uses: nullable on, warnings are errors.</summary>
    public static readonly CSharpCompilationOptions CompilationOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Enable)
        .WithGeneralDiagnosticOption(ReportDiagnostic.Error)
        // The SDK silences these two for every project (references to an older framework's assemblies).
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic> { ["CS1701"] = ReportDiagnostic.Suppress, ["CS1702"] = ReportDiagnostic.Suppress })
        .WithAllowUnsafe(false);

    public static CSharpCompilation CreateCompilation(string source, CSharpParseOptions? parseOptions = null,
        IEnumerable<MetadataReference>? extraReferences = null, string assemblyName = "Consumer", string path = "Program.cs")
    {
        var tree = CSharpSyntaxTree.ParseText(source, parseOptions ?? EnabledParseOptions, path: "/src/consumer/" + path, encoding: System.Text.Encoding.UTF8);
        return CSharpCompilation.Create(assemblyName + "_" + Guid.NewGuid().ToString("N"), new[] { tree },
            References.AddRange(extraReferences ?? Array.Empty<MetadataReference>()), CompilationOptions);
    }

    public static GeneratorRun Run(string source, CSharpParseOptions? parseOptions = null, IEnumerable<MetadataReference>? extraReferences = null,
        AnalyzerConfigOptionsProvider? options = null)
        => Run(CreateCompilation(source, parseOptions, extraReferences), options);

    public static GeneratorRun Run(CSharpCompilation compilation, AnalyzerConfigOptionsProvider? options = null)
    {
        var driver = CSharpGeneratorDriver.Create(
            new[] { new TrackEmissionsGenerator().AsSourceGenerator() },
            parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
            optionsProvider: options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        var ran = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        return new GeneratorRun(ran, compilation, (CSharpCompilation)output, generatorDiagnostics);
    }

    /// <summary>Generates, checks the whole output compiles without a warning, emits and loads it.</summary>
    public static LoadedAssembly CompileAndLoad(string source, IEnumerable<MetadataReference>? extraReferences = null,
        IEnumerable<(string Name, byte[] Image)>? extraAssemblies = null)
    {
        var run = Run(source, extraReferences: extraReferences);
        run.AssertClean();
        return Load(run.Output, extraAssemblies);
    }

    public static LoadedAssembly Load(Compilation compilation, IEnumerable<(string Name, byte[] Image)>? extraAssemblies = null)
    {
        var image = Emit(compilation);
        var context = new TestLoadContext(extraAssemblies ?? Array.Empty<(string, byte[])>());
        var assembly = context.LoadFromStream(new MemoryStream(image));
        return new LoadedAssembly(context, assembly);
    }

    public static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream, options: new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.Embedded));
        Assert.True(result.Success, "emit failed:\n" + string.Join("\n", result.Diagnostics));
        return stream.ToArray();
    }

    /// <summary>The generated source with the opaque interceptor data replaced (it holds a content hash).</summary>
    public static string Scrub(string generated) => InterceptorData().Replace(generated, "InterceptsLocation(1, \"<data>\")");

    [GeneratedRegex("InterceptsLocation\\(1, \"[^\"]*\"\\)")]
    private static partial Regex InterceptorData();

    /// <summary>Resolves CarbonAttrs to the runtime already loaded (so its tracker and events are the test's).</summary>
    private sealed class TestLoadContext : AssemblyLoadContext
    {
        private readonly Dictionary<string, byte[]> _extra;

        public TestLoadContext(IEnumerable<(string Name, byte[] Image)> extraAssemblies) : base(isCollectible: true)
            => _extra = extraAssemblies.ToDictionary(a => a.Name, a => a.Image);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (assemblyName.Name == typeof(CarbonTracker).Assembly.GetName().Name)
                return typeof(CarbonTracker).Assembly;
            if (assemblyName.Name is not null && _extra.TryGetValue(assemblyName.Name, out var image))
                return LoadFromStream(new MemoryStream(image));
            return null;
        }
    }
}

internal sealed record GeneratorRun(GeneratorDriver Driver, CSharpCompilation Input, CSharpCompilation Output, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorDriverRunResult Result => Driver.GetRunResult();

    public IReadOnlyList<GeneratedSourceResult> Sources => Result.Results.Single().GeneratedSources;

    public string Source(string hintNameStart) => Sources.Single(s => s.HintName.StartsWith(hintNameStart, StringComparison.Ordinal)).SourceText.ToString();

    public string Interceptors => Source("CarbonAttrs.Interceptors");

    /// <summary>The source text a diagnostic points at (its location names the file; the model keeps no syntax tree).</summary>
    public string TextAt(Diagnostic diagnostic)
    {
        var tree = Input.SyntaxTrees.Single(t => t.FilePath == diagnostic.Location.GetLineSpan().Path);
        return tree.GetText().ToString(diagnostic.Location.SourceSpan);
    }

    /// <summary>No generator diagnostic and no warning or error anywhere in the output (nullable on, warnings as errors).</summary>
    public void AssertClean()
    {
        Assert.Empty(GeneratorDiagnostics);
        var problems = Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, "the generated compilation has problems:\n" + string.Join("\n", problems)
            + "\n--- generated ---\n" + string.Join("\n", Sources.Select(s => s.SourceText.ToString())));
    }
}

/// <summary>An assembly compiled by a test, in its own collectible load context.</summary>
internal sealed class LoadedAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context;

    public LoadedAssembly(AssemblyLoadContext context, Assembly assembly)
    {
        _context = context;
        Assembly = assembly;
    }

    public Assembly Assembly { get; }

    /// <summary>Calls a public static method, unwrapping the reflection wrapper exception.</summary>
    public object? Invoke(string typeName, string methodName, params object?[] arguments)
    {
        var method = Assembly.GetType(typeName, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException(typeName + "." + methodName + " not found");
        try
        {
            return method.Invoke(null, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }

    public T? Field<T>(string typeName, string fieldName)
        => (T?)Assembly.GetType(typeName, throwOnError: true)!.GetField(fieldName, BindingFlags.Public | BindingFlags.Static)!.GetValue(null);

    public void Dispose() => _context.Unload();
}
