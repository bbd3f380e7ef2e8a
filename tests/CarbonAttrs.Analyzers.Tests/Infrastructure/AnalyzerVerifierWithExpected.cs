using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace CarbonAttrs.Analyzers.Tests.Infrastructure;

/// <summary>For the few tests that check a message's arguments, not only the span.</summary>
internal static class AnalyzerVerifierWithExpected
{
    public static Task VerifyAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier> { TestCode = source };
        test.TestState.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
        test.TestState.AdditionalReferences.AddRange(TestReferences.Framework);
        test.TestState.AdditionalReferences.Add(TestReferences.TorchSharp);
        test.TestState.AdditionalReferences.Add(TestReferences.CarbonAttrs);
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }
}
