using System.Linq;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    // Iterators: their body runs during enumeration, after the call returns, so the call is not what is measured:
    // the generated code wraps the returned enumerable, and each enumeration is measured by its segments (the time
    // spent inside MoveNext/MoveNextAsync/Dispose; CarbonAttrs.Runtime.TrackedIterator, docs/generator.md).
    internal static partial class Parser
    {
        private const string TrackedIteratorType = "CarbonAttrs.Runtime.TrackedIterator";

        /// <summary>
        /// Which enumerable a method returns when it is an iterator (<c>None</c> otherwise): an iterator or async
        /// iterator is found by a <c>yield</c> in its own body in source (not in a lambda or local function inside it),
        /// or by the compiler's state-machine attribute when compiled.
        /// </summary>
        private static IteratorKind IteratorKindOf(IMethodSymbol method)
        {
            var kind = ReturnedEnumerable(method.ReturnType);
            return kind != IteratorKind.None && IsIterator(method) ? kind : IteratorKind.None;
        }

        /// <summary>Why an iterator cannot be measured here (CARB101), or null: the referenced runtime must have the wrapper.</summary>
        private static string? WhyIteratorIsNotMeasured(IteratorKind kind, Compilation compilation)
        {
            var wrapper = compilation.GetTypeByMetadataName(TrackedIteratorType);
            if (wrapper is not null && !wrapper.GetMembers(WrapperMethod(kind)).IsEmpty)
                return null;
            return "it is an iterator (yield return), and the CarbonAttrs runtime this project references is too old to measure "
                + (kind is IteratorKind.AsyncEnumerable or IteratorKind.AsyncEnumerator ? "async iterators" : "iterators")
                + " (no " + TrackedIteratorType + "." + WrapperMethod(kind) + "); update the CarbonAttrs package";
        }

        /// <summary>The <c>TrackedIterator</c> method that wraps what an iterator of this kind returns.</summary>
        internal static string WrapperMethod(IteratorKind kind) => kind switch
        {
            IteratorKind.Enumerator => "Enumerator",
            IteratorKind.NonGenericEnumerable => "NonGenericEnumerable",
            IteratorKind.NonGenericEnumerator => "NonGenericEnumerator",
            IteratorKind.AsyncEnumerable => "AsyncEnumerable",
            IteratorKind.AsyncEnumerator => "AsyncEnumerator",
            _ => "Enumerable",
        };

        private static bool IsIterator(IMethodSymbol method)
        {
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
        private static IteratorKind ReturnedEnumerable(ITypeSymbol returnType)
        {
            switch (returnType.OriginalDefinition.SpecialType)
            {
                case SpecialType.System_Collections_Generic_IEnumerable_T: return IteratorKind.Enumerable;
                case SpecialType.System_Collections_Generic_IEnumerator_T: return IteratorKind.Enumerator;
                case SpecialType.System_Collections_IEnumerable: return IteratorKind.NonGenericEnumerable;
                case SpecialType.System_Collections_IEnumerator: return IteratorKind.NonGenericEnumerator;
            }
            if (returnType is INamedTypeSymbol { Arity: 1, ContainingNamespace: { Name: "Generic", ContainingNamespace: { Name: "Collections", ContainingNamespace.Name: "System" } } } named)
            {
                if (named.Name == "IAsyncEnumerable")
                    return IteratorKind.AsyncEnumerable;
                if (named.Name == "IAsyncEnumerator")
                    return IteratorKind.AsyncEnumerator;
            }
            return IteratorKind.None;
        }
    }
}
