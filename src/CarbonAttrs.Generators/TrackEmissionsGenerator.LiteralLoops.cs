using System.Linq;
using System.Threading;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// Iteration counts read from a loop's header when it is written with literals alone: <c>foreach</c> over an array
    /// literal (<c>new[] { ... }</c>, <c>new T[] { ... }</c>) or over a <c>readonly</c> array field of the type initialized
    /// with one (<c>static readonly double[] Rates = { 0.01, 0.1 };</c>, never assigned in the type), and
    /// <c>for (var i = A; i &lt; B; i++)</c> with integer literals, any of <c>&lt; &lt;= &gt; &gt;= !=</c>, a step of <c>++</c>,
    /// <c>--</c>, <c>+=</c> or <c>-=</c> a literal, and a body that does not write the variable. The count is
    /// <c>IterationCounter</c>'s for the same loop, without binding its header: what the first small programs and the grids
    /// of a sweep are written as (docs/benchmarks.md, session 10).
    /// Anything else, or a body that may write the variable, is left to binding. <c>LiteralLoopsTests</c> hold the two
    /// together on every loop of this repository's C# files.
    /// </summary>
    internal static class LiteralLoops
    {
        /// <summary>The loop's count, or null when its header is not written with literals alone (bind it).</summary>
        public static long? Count(StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken) => loop switch
        {
            CommonForEachStatementSyntax each when each.AwaitKeyword.IsKind(SyntaxKind.None)
                => ArrayLiteralLength(each.Expression) ?? ReadonlyArrayFieldLength(each, model, cancellationToken),
            ForStatementSyntax counted => ForCount(counted),
            _ => null,
        };

        /// <summary>
        /// <c>foreach (... in Rates)</c> where Rates is, by declarations, the one member of that name in scope: a
        /// <c>readonly</c> one-dimensional array field declared once with a literal initializer and assigned nowhere in its
        /// type (as <c>IterationCounter</c> reads a field: the initializer, unless the type's syntax assigns the name).
        /// </summary>
        private static long? ReadonlyArrayFieldLength(CommonForEachStatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            if (LoopLocals.Unparenthesized(loop.Expression) is not IdentifierNameSyntax identifier
                || identifier.Identifier.ValueText is not { Length: > 0 } name
                || CallScope.Of(loop) is not { } scope
                || scope.IsPrimaryParameter(name)
                || scope.DeclarationsInMember(name).Any()
                || scope.EnclosingType(model, cancellationToken) is not { } enclosing
                || CallCandidates.OnlyScopeMember(enclosing, name, model.Compilation) is not IFieldSymbol { IsReadOnly: true, Type: IArrayTypeSymbol { Rank: 1 } } field
                || field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: var initializer }
                || AssignedInType(field, name, cancellationToken))
                return null;
            return initializer switch
            {
                InitializerExpressionSyntax list when list.IsKind(SyntaxKind.ArrayInitializerExpression) => list.Expressions.Count,
                CollectionExpressionSyntax collection when collection.Elements.All(e => e is ExpressionElementSyntax) => collection.Elements.Count,
                _ => ArrayLiteralLength(initializer),
            };
        }

        /// <summary>Any assignment to the name in the type's declarations (as <c>IterationCounter</c> checks a field: by name).</summary>
        private static bool AssignedInType(IFieldSymbol field, string name, CancellationToken cancellationToken)
            => field.ContainingType.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax(cancellationToken).DescendantNodes()
                .OfType<AssignmentExpressionSyntax>()
                .Any(assignment => (assignment.Left is MemberAccessExpressionSyntax access ? access.Name : assignment.Left) is IdentifierNameSyntax left
                    && left.Identifier.ValueText == name));

        private static long? ArrayLiteralLength(ExpressionSyntax collection) => LoopLocals.Unparenthesized(collection) switch
        {
            ImplicitArrayCreationExpressionSyntax implicitArray when implicitArray.Commas.Count == 0 => implicitArray.Initializer.Expressions.Count,
            ArrayCreationExpressionSyntax { Initializer: { } initializer } array
                when array.Type.RankSpecifiers.Count == 1 && array.Type.RankSpecifiers[0].Rank == 1 => initializer.Expressions.Count,
            _ => null,
        };

        private static long? ForCount(ForStatementSyntax loop)
        {
            if (loop.Declaration is not { Variables.Count: 1 } declaration || loop.Initializers.Count != 0 || loop.Incrementors.Count != 1
                || !IsIntegerType(declaration.Type)
                || declaration.Variables[0] is not { Initializer.Value: var initial } variable
                || Integer(initial) is not { } start
                || loop.Condition is not BinaryExpressionSyntax condition
                || Comparison(condition) is not { } kind)
                return null;
            var name = variable.Identifier.ValueText;
            long? bound;
            if (IsName(condition.Left, name))
            {
                bound = Integer(condition.Right);
            }
            else if (IsName(condition.Right, name))
            {
                bound = Integer(condition.Left);
                kind = IterationCounter.Flip(kind);
            }
            else
            {
                return null;
            }
            if (bound is null || Step(loop.Incrementors[0], name) is not { } step || step == 0 || MayWrite(loop.Statement, name))
                return null;
            return IterationCounter.Iterations(start, bound.Value, step, kind);
        }

        // The variable's type as IterationCounter reads its constants: var, int or long (a literal start makes var one of those).
        private static bool IsIntegerType(TypeSyntax type)
            => type is IdentifierNameSyntax { IsVar: true }
               || type is PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.IntKeyword or (int)SyntaxKind.LongKeyword };

        private static BinaryOperatorKind? Comparison(BinaryExpressionSyntax condition) => condition.Kind() switch
        {
            SyntaxKind.LessThanExpression => BinaryOperatorKind.LessThan,
            SyntaxKind.LessThanOrEqualExpression => BinaryOperatorKind.LessThanOrEqual,
            SyntaxKind.GreaterThanExpression => BinaryOperatorKind.GreaterThan,
            SyntaxKind.GreaterThanOrEqualExpression => BinaryOperatorKind.GreaterThanOrEqual,
            SyntaxKind.NotEqualsExpression => BinaryOperatorKind.NotEquals,
            _ => null,
        };

        /// <summary><c>i++</c>, <c>++i</c>, <c>i--</c>, <c>--i</c>, <c>i += n</c>, <c>i -= n</c> with a literal n.</summary>
        private static long? Step(ExpressionSyntax incrementor, string name) => incrementor switch
        {
            PostfixUnaryExpressionSyntax postfix when IsName(postfix.Operand, name) => postfix.Kind() switch
            {
                SyntaxKind.PostIncrementExpression => 1,
                SyntaxKind.PostDecrementExpression => -1,
                _ => null,
            },
            PrefixUnaryExpressionSyntax prefix when IsName(prefix.Operand, name) => prefix.Kind() switch
            {
                SyntaxKind.PreIncrementExpression => 1,
                SyntaxKind.PreDecrementExpression => -1,
                _ => null,
            },
            AssignmentExpressionSyntax assignment when IsName(assignment.Left, name) && Integer(assignment.Right) is { } amount => assignment.Kind() switch
            {
                SyntaxKind.AddAssignmentExpression => amount,
                SyntaxKind.SubtractAssignmentExpression => -amount,
                _ => null,
            },
            _ => null,
        };

        /// <summary>
        /// A numeric literal of a type IterationCounter reads as an integer constant (int, uint or long: what a literal can
        /// be, ulong aside).
        /// </summary>
        private static long? Integer(ExpressionSyntax expression)
            => LoopLocals.Unparenthesized(expression) is LiteralExpressionSyntax literal && literal.IsKind(SyntaxKind.NumericLiteralExpression)
                ? literal.Token.Value switch
                {
                    int i => i,
                    uint u => u,
                    long l => l,
                    _ => null,
                }
                : null;

        /// <summary>Whether the body may write the variable (as LoopLocals reads a write); then binding decides.</summary>
        private static bool MayWrite(StatementSyntax body, string name)
            => body.DescendantNodes().Any(node => LoopLocals.WriteTargets(node).Any(target => IsName(target, name)));

        private static bool IsName(ExpressionSyntax expression, string name)
            => LoopLocals.Unparenthesized(expression) is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name;
    }
}
