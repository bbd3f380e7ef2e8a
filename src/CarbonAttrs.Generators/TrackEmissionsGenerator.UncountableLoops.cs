using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// Loops whose iteration count binding could only find unknown, told from declarations. Such a loop's header is not
    /// bound: it would be the first binding in its method (docs/benchmarks.md, sessions 9 and 10), and the inventory writes
    /// "size unknown" either way. <c>IterationCounter</c> counts a <c>for</c> loop only against a constant or the length of a
    /// known collection, and <c>Enumerable.Range</c> / <c>Repeat</c> only with a constant count, so these never count:
    /// <list type="bullet">
    /// <item><description>a <c>for</c> loop whose condition compares its variable with a parameter of the member or a field
    /// that is not <c>const</c>, neither of which has a value at compile time;</description></item>
    /// <item><description>a <c>for</c> loop against <c>x.Count</c> or <c>x.Length</c> where x is a local created with
    /// <c>new T(...)</c> (an object, never a collection whose size compile time knows);</description></item>
    /// <item><description>a <c>foreach</c> over <c>Range(a, n)</c> or <c>Repeat(a, n)</c> whose n is such a parameter or
    /// field, or a local that is not <c>const</c>.</description></item>
    /// </list>
    /// </summary>
    internal static class UncountableLoops
    {
        /// <summary>The loop's count cannot be known at compile time, by one of the shapes above.</summary>
        public static bool CountIsNeverKnown(StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken) => loop switch
        {
            ForStatementSyntax counted => BoundIsNeverConstant(counted, model, cancellationToken),
            ForEachStatementSyntax each => RangeCountIsNeverConstant(each, model, cancellationToken),
            _ => false,
        };

        public static bool BoundIsNeverConstant(ForStatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            if (loop.Declaration is not { Variables.Count: 1 } declaration
                || loop.Condition is not BinaryExpressionSyntax { Left: var left, Right: var right }
                || CallScope.Of(loop) is not { } scope)
                return false;
            var variable = declaration.Variables[0].Identifier.ValueText;
            var bound = IsName(left, variable) ? right : IsName(right, variable) ? left : null;
            return bound switch
            {
                IdentifierNameSyntax name => name.Identifier.ValueText is { Length: > 0 } text && text != variable
                    && NeverConstant(text, scope, model, cancellationToken),
                MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax owner, Name.Identifier.ValueText: "Count" or "Length" } access
                    when access.IsKind(SyntaxKind.SimpleMemberAccessExpression)
                    => owner.Identifier.ValueText != variable && IsObjectLocal(owner.Identifier.ValueText, scope, loop.SpanStart),
                _ => false,
            };
        }

        /// <summary><c>foreach (... in Range(a, n))</c> or <c>Repeat(a, n)</c>, positional, n a name that is never a constant.</summary>
        private static bool RangeCountIsNeverConstant(ForEachStatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            if (loop.Expression is not InvocationExpressionSyntax { ArgumentList.Arguments: { Count: 2 } arguments } invocation
                || TrackedNames.InvokedName(invocation) is not ("Range" or "Repeat")
                || arguments.Any(a => a.NameColon is not null || !a.RefKindKeyword.IsKind(SyntaxKind.None))
                || arguments[1].Expression is not IdentifierNameSyntax count
                || CallScope.Of(loop) is not { } scope)
                return false;
            var name = count.Identifier.ValueText;
            return name.Length > 0 && (NeverConstant(name, scope, model, cancellationToken) || IsVariableLocal(name, scope, loop.SpanStart));
        }

        private static bool IsName(ExpressionSyntax expression, string name) => expression is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;

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

        /// <summary>The name's one declaration in the member is a local, not <c>const</c>, in scope at <paramref name="position"/>.</summary>
        private static bool IsVariableLocal(string name, CallScope scope, int position)
            => OnlyLocal(name, scope, position) is { Parent.Parent: LocalDeclarationStatementSyntax statement } && !statement.IsConst;

        /// <summary>The name's one declaration in the member is a local in scope here whose initializer creates an object (<c>new T(...)</c>, <c>new(...)</c>).</summary>
        private static bool IsObjectLocal(string name, CallScope scope, int position)
            => OnlyLocal(name, scope, position) is { Initializer.Value: BaseObjectCreationExpressionSyntax, Parent.Parent: LocalDeclarationStatementSyntax };

        private static VariableDeclaratorSyntax? OnlyLocal(string name, CallScope scope, int position)
        {
            if (scope.IsPrimaryParameter(name))
                return null;
            var declarations = scope.DeclarationsInMember(name).Take(2).ToList();
            return declarations.Count == 1 && declarations[0].Parent is VariableDeclaratorSyntax declarator && scope.LocalInScope(name, position) ? declarator : null;
        }
    }
}
