using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// Whether a call sits in a lambda the compiler turns into an expression tree (data, not a call: it cannot be intercepted).
    /// <para>
    /// Binding a lambda's type binds the whole call it is an argument of, lambda body and overload resolution included, and
    /// a tracked call is often inside such a lambda (a progress display or a task running the sweep: on the TorchSharp sample
    /// about a fifth of the generator's time, docs/benchmarks.md session 11). So a lambda passed to a method whose every
    /// candidate takes a delegate there is known from declarations (<see cref="CallCandidates.OfNonExtensionCall"/>: a simple
    /// name or a type name's method, which no extension method can answer); anything else is bound as before. Not covered:
    /// a C# 14 static extension member of the same name taking an expression, reached only when none of the type's own
    /// methods applies (the generator builds against a Roslyn that cannot see extension blocks of references).
    /// </para>
    /// </summary>
    internal static class ExpressionTrees
    {
        public static bool Contain(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            for (var current = node.Parent; current is not null and not MemberDeclarationSyntax; current = current.Parent)
            {
                if (current is AnonymousFunctionExpressionSyntax lambda
                    && !IsDelegateArgument(lambda, model, cancellationToken)
                    && model.GetTypeInfo(lambda, cancellationToken).ConvertedType is INamedTypeSymbol { Name: "Expression" } type
                    && type.ContainingNamespace.ToDisplayString() == "System.Linq.Expressions")
                    return true;
            }
            return false;
        }

        /// <summary>
        /// The lambda is an argument of a call whose candidates all take a delegate type at its position (those that cannot
        /// take it there are not the target), with at least one that can.
        /// </summary>
        internal static bool IsDelegateArgument(AnonymousFunctionExpressionSyntax lambda, SemanticModel model, CancellationToken cancellationToken)
        {
            if (lambda.Parent is not ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } list } argument
                || CallCandidates.OfNonExtensionCall(call, model, cancellationToken) is not { } candidates)
                return false;
            var index = list.Arguments.IndexOf(argument);
            var takers = 0;
            foreach (var candidate in candidates)
            {
                switch (ParameterType(candidate, argument, index))
                {
                    case Parameter.None:
                        continue;
                    case Parameter.Delegate:
                        takers++;
                        continue;
                    default:
                        return false;
                }
            }
            return takers > 0;
        }

        private enum Parameter { None, Delegate, Other }

        /// <summary>What the argument at <paramref name="index"/> would be converted to by <paramref name="method"/>.</summary>
        private static Parameter ParameterType(IMethodSymbol method, ArgumentSyntax argument, int index)
        {
            var parameters = method.Parameters;
            IParameterSymbol? parameter = null;
            if (argument.NameColon is { Name.Identifier.ValueText: var name })
            {
                foreach (var candidate in parameters)
                {
                    if (candidate.Name == name)
                        parameter = candidate;
                }
                return parameter is null ? Parameter.None : Kind(parameter.Type);
            }
            if (index < parameters.Length && !parameters[index].IsParams)
                return Kind(parameters[index].Type);
            if (parameters.Length == 0 || !parameters[parameters.Length - 1].IsParams || index < parameters.Length - 1)
                return Parameter.None;
            // A lambda is an element of a params array, never the array itself; a params collection is left to binding.
            return parameters[parameters.Length - 1].Type is IArrayTypeSymbol array ? Kind(array.ElementType) : Parameter.Other;
        }

        private static Parameter Kind(ITypeSymbol type) => type.TypeKind == TypeKind.Delegate ? Parameter.Delegate : Parameter.Other;
    }
}
