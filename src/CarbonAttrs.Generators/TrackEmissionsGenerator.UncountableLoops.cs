using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// <c>for</c> loops whose iteration count binding could only find unknown, told from declarations: the condition compares
    /// the loop's variable with a parameter of the member or a field that is not <c>const</c>, neither of which has a value
    /// at compile time (<c>IterationCounter</c> counts a <c>for</c> loop only against a constant or the length of a known
    /// collection). Such a loop's header is not bound: it would be the first binding in its method
    /// (docs/benchmarks.md, session 9), and the inventory writes "size unknown" either way.
    /// </summary>
    internal static class UncountableLoops
    {
        public static bool BoundIsNeverConstant(ForStatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            if (loop.Declaration is not { Variables.Count: 1 } declaration
                || loop.Condition is not BinaryExpressionSyntax { Left: IdentifierNameSyntax left, Right: IdentifierNameSyntax right })
                return false;
            var variable = declaration.Variables[0].Identifier.ValueText;
            var bound = left.Identifier.ValueText == variable ? right.Identifier.ValueText
                : right.Identifier.ValueText == variable ? left.Identifier.ValueText
                : null;
            return bound is { Length: > 0 } && bound != variable && CallScope.Of(loop) is { } scope
                && NeverConstant(bound, scope, model, cancellationToken);
        }

        /// <summary>The member's own parameter of that name, or the one field of that name in scope, not <c>const</c>.</summary>
        private static bool NeverConstant(string name, CallScope scope, SemanticModel model, CancellationToken cancellationToken)
        {
            if (scope.IsPrimaryParameter(name))
                return false;
            var declarations = scope.DeclarationsInMember(name).Take(2).ToList();
            if (declarations.Count > 0)
                return declarations.Count == 1 && declarations[0].Parent is ParameterSyntax parameter && scope.IsOwnParameter(parameter);
            return scope.EnclosingType(model, cancellationToken) is { } enclosing
                && CallCandidates.OnlyScopeMember(enclosing, name, model.Compilation) is IFieldSymbol { IsConst: false };
        }
    }
}
