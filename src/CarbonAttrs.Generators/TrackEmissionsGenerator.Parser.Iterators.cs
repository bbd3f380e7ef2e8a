using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    // Iterators: their body runs during enumeration, after the call returns, so they are reported, not wrapped.
    internal static partial class Parser
    {
        /// <summary>Why an iterator's calls are left alone (CARB101).</summary>
        internal const string IteratorReason =
            "it is an iterator (yield return): its body runs while the caller enumerates the result, after the call has "
            + "returned, so a window around the call would measure only creating the enumerator. Measure the loop that consumes "
            + "it (CarbonTracker.Track), or track a method that returns a materialized collection";

        /// <summary>
        /// A method whose body runs lazily: an iterator or async iterator, found by a <c>yield</c> in its own body in
        /// source (not in a lambda or local function inside it), or by the compiler's state-machine attribute when compiled.
        /// </summary>
        private static bool IsIterator(IMethodSymbol method)
        {
            if (!CanBeIterator(method.ReturnType))
                return false; // most methods: no body to search
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var body = reference.GetSyntax() switch
                {
                    MethodDeclarationSyntax m => (SyntaxNode?)m.Body,
                    LocalFunctionStatementSyntax f => f.Body,
                    _ => null,
                };
                if (body is not null && body
                    .DescendantNodes(node => node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                    .OfType<YieldStatementSyntax>().Any())
                    return true;
            }
            return method.GetAttributes().Any(a => a.AttributeClass is
            {
                Name: "IteratorStateMachineAttribute" or "AsyncIteratorStateMachineAttribute",
                ContainingNamespace.Name: "CompilerServices",
            });
        }

        /// <summary>Only these return types can be implemented with <c>yield</c> (sync and async).</summary>
        private static bool CanBeIterator(ITypeSymbol returnType)
            => returnType.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
                    or SpecialType.System_Collections_Generic_IEnumerator_T or SpecialType.System_Collections_IEnumerable
                    or SpecialType.System_Collections_IEnumerator
                || returnType is INamedTypeSymbol { Name: "IAsyncEnumerable" or "IAsyncEnumerator", Arity: 1 };
    }
}
