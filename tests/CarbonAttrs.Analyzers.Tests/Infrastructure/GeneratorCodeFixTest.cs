using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>
/// A code-fix test for the diagnostics about what the generator can measure (CARB101, CARB106): CarbonAttrs referenced,
/// interceptors enabled, nullable on, and the generator running on the source and the fixed code alike, so that the
/// fixed code must compile with its interceptors (their text is checked by the generator's own tests).
/// </summary>
internal class GeneratorCodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public GeneratorCodeFixTest(string targetFramework, IEnumerable<MetadataReference> frameworkReferences)
    {
        foreach (var state in new[] { TestState, FixedState })
        {
            state.ReferenceAssemblies = new ReferenceAssemblies(targetFramework);
            state.AdditionalReferences.AddRange(frameworkReferences);
            state.AdditionalReferences.Add(TestReferences.CarbonAttrs);
        }

        TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck;
    }

    protected override IEnumerable<Type> GetSourceGenerators() => new[] { typeof(Generators.TrackEmissionsGenerator) };

    protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion.Latest)
        .WithFeatures(new[] { KeyValuePair.Create("InterceptorsNamespaces", "CarbonAttrs.Generated") });

    protected override CompilationOptions CreateCompilationOptions() =>
        ((CSharpCompilationOptions)base.CreateCompilationOptions()).WithNullableContextOptions(NullableContextOptions.Enable);
}
