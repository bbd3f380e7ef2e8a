using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>
/// Runs an analyzer (and optionally its fixer) with the Roslyn testing library, fully offline: no reference
/// assembly package is downloaded; every reference comes from <see cref="TestReferences"/>.
/// </summary>
internal static class AnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static Task VerifyAsync(string source, string? editorConfig = null, bool withTorchSharp = true, bool withCarbonAttrs = true, OutputKind? outputKind = null)
    {
        var test = new AnalyzerTest { TestCode = source };
        Configure(test.TestState, editorConfig, withTorchSharp, withCarbonAttrs);
        test.TestState.OutputKind = outputKind;
        return test.RunAsync();
    }

    public static Task VerifyFixAsync<TFixer>(string source, string fixedSource, int? codeActionIndex = null, string? editorConfig = null, string? equivalenceKey = null)
        where TFixer : CodeFixProvider, new()
    {
        var test = new FixTest<TFixer> { TestCode = source, FixedCode = fixedSource, CodeActionIndex = codeActionIndex, CodeActionEquivalenceKey = equivalenceKey };
        Configure(test.TestState, editorConfig, withTorchSharp: true, withCarbonAttrs: true);
        Configure(test.FixedState, editorConfig, withTorchSharp: true, withCarbonAttrs: true);
        return test.RunAsync();
    }

    /// <summary>A fix test whose diagnostics are given (e.g. with additional locations marked <c>{|#1:...|}</c>).</summary>
    public static Task VerifyFixAsync<TFixer>(string source, string fixedSource, DiagnosticResult[] expected)
        where TFixer : CodeFixProvider, new()
    {
        var test = new FixTest<TFixer> { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        Configure(test.TestState, null, withTorchSharp: true, withCarbonAttrs: true);
        Configure(test.FixedState, null, withTorchSharp: true, withCarbonAttrs: true);
        return test.RunAsync();
    }

    public static Task VerifyFixAsync<TFixer>(string[] sources, string[] fixedSources, int? codeActionIndex = null, string? equivalenceKey = null)
        where TFixer : CodeFixProvider, new()
    {
        var test = new FixTest<TFixer> { CodeActionIndex = codeActionIndex, CodeActionEquivalenceKey = equivalenceKey };
        for (var i = 0; i < sources.Length; i++)
        {
            test.TestState.Sources.Add(($"File{i}.cs", sources[i]));
            test.FixedState.Sources.Add(($"File{i}.cs", fixedSources[i]));
        }

        Configure(test.TestState, null, withTorchSharp: true, withCarbonAttrs: true);
        Configure(test.FixedState, null, withTorchSharp: true, withCarbonAttrs: true);
        return test.RunAsync();
    }

    private static void Configure(SolutionState state, string? editorConfig, bool withTorchSharp, bool withCarbonAttrs)
    {
        state.ReferenceAssemblies = OfflineReferences;
        state.AdditionalReferences.AddRange(TestReferences.Framework);
        if (withTorchSharp)
        {
            state.AdditionalReferences.Add(TestReferences.TorchSharp);
        }

        if (withCarbonAttrs)
        {
            state.AdditionalReferences.Add(TestReferences.CarbonAttrs);
        }

        if (editorConfig is not null)
        {
            state.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n\n[*]\n" + editorConfig));
        }
    }

    /// <summary>A reference set with no package: nothing to download, the framework comes from AdditionalReferences.</summary>
    private static readonly ReferenceAssemblies OfflineReferences = new("net10.0");

    private sealed class AnalyzerTest : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Preview);

        protected override CompilationOptions CreateCompilationOptions() =>
            ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
    }

    private sealed class FixTest<TFixer> : CSharpCodeFixTest<TAnalyzer, TFixer, DefaultVerifier>
        where TFixer : CodeFixProvider, new()
    {
        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Preview);
    }
}
