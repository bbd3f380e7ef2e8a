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
    /// The locals a loop header reads, for a header bound on its own (<see cref="LoopRunFinder"/>): what the analyzers read
    /// from the whole method's operation tree, found here in syntax and bound only where a name matches. A local's
    /// initializer is bound alone (a speculative declaration at the same position); a possible write (an assignment,
    /// increment, or <c>ref</c>/<c>out</c> argument naming the local) is confirmed by binding just that statement.
    /// </summary>
    internal sealed class LoopLocals : ILoopLocals
    {
        // A name no source can use (not a C# identifier a user could write next to ours without '@'): the speculative copy
        // of a declaration must not collide with the local it copies.
        private const string CopyName = "__carbonAttrsInitializer";

        private readonly StatementSyntax _loop;
        private readonly SemanticModel _model;
        private readonly CancellationToken _cancellationToken;

        public LoopLocals(StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            _loop = loop;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        public bool AssignedInBody(IForLoopOperation loop, ILocalSymbol variable)
        {
            if (_loop is not ForStatementSyntax source)
                return true; // not the loop this instance reads: unknown, so the count is not trusted
            // The loop's own variable was declared by the bound copy: the source loop declares the one its body writes.
            var original = InSourceTree(variable) ? variable
                : source.Declaration?.Variables.FirstOrDefault(v => v.Identifier.ValueText == variable.Name) is { } declarator
                    ? _model.GetDeclaredSymbol(declarator, _cancellationToken) as ILocalSymbol
                    : null;
            return original is null || IsWritten(source.Statement, original, _model);
        }

        public IOperation? UnwrittenInitializer(ILocalSymbol local)
        {
            if (!InSourceTree(local)
                || local.DeclaringSyntaxReferences.Length != 1
                || local.DeclaringSyntaxReferences[0].GetSyntax(_cancellationToken) is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
                || declarator.Parent is not VariableDeclarationSyntax declaration
                || declaration.Parent is not LocalDeclarationStatementSyntax statement)
                return null;
            var model = _model.SyntaxTree == declarator.SyntaxTree ? _model : BindingModels.For(_model.Compilation, declarator.SyntaxTree);
            if (Scope(statement) is not { } scope || IsWritten(scope, local, model))
                return null;

            var copy = SyntaxFactory.LocalDeclarationStatement(SyntaxFactory.VariableDeclaration(declaration.Type,
                SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(SyntaxFactory.Identifier(CopyName), null, initializer))));
            return model.TryGetSpeculativeSemanticModel(statement.SpanStart, copy, out var speculative)
                   && speculative.GetOperation(copy, _cancellationToken) is IVariableDeclarationGroupOperation group
                   && group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1
                ? group.Declarations[0].Declarators[0].Initializer?.Value
                : null;
        }

        private bool InSourceTree(ILocalSymbol local)
            => local.DeclaringSyntaxReferences.Length > 0 && _model.Compilation.ContainsSyntaxTree(local.DeclaringSyntaxReferences[0].SyntaxTree);

        /// <summary>Where a write could be: the whole member (the operation tree's root), lambdas and local functions included.</summary>
        private static SyntaxNode? Scope(SyntaxNode statement)
        {
            foreach (var ancestor in statement.Ancestors())
            {
                switch (ancestor)
                {
                    case BaseMethodDeclarationSyntax or AccessorDeclarationSyntax:
                        return ancestor;
                    case GlobalStatementSyntax { Parent: CompilationUnitSyntax unit }:
                        return unit;
                }
            }
            return null;
        }

        /// <summary>A write to <paramref name="local"/> in <paramref name="region"/>: candidates by name, confirmed by binding them.</summary>
        private bool IsWritten(SyntaxNode region, ILocalSymbol local, SemanticModel model)
        {
            foreach (var node in region.DescendantNodes())
            {
                foreach (var target in WriteTargets(node))
                {
                    if (target is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                        && (region is CompilationUnitSyntax ? name.Ancestors().Any(a => a is GlobalStatementSyntax) : true)
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, _cancellationToken).Symbol, local))
                        return true;
                }
            }
            return false;
        }

        /// <summary>The expressions a node writes, as the analyzers' <c>IsWriteTo</c> sees them (parentheses removed).</summary>
        internal static System.Collections.Generic.IEnumerable<ExpressionSyntax> WriteTargets(SyntaxNode node)
        {
            switch (node)
            {
                case AssignmentExpressionSyntax assignment:
                    var left = Unparenthesized(assignment.Left);
                    if (left is TupleExpressionSyntax or DeclarationExpressionSyntax)
                        return left.DescendantNodes().OfType<ExpressionSyntax>().Select(Unparenthesized); // deconstruction
                    return new[] { left };
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                    return new[] { Unparenthesized(prefix.Operand) };
                case PostfixUnaryExpressionSyntax postfix when postfix.IsKind(SyntaxKind.PostIncrementExpression) || postfix.IsKind(SyntaxKind.PostDecrementExpression):
                    return new[] { Unparenthesized(postfix.Operand) };
                case ArgumentSyntax argument when argument.RefKindKeyword.IsKind(SyntaxKind.RefKeyword) || argument.RefKindKeyword.IsKind(SyntaxKind.OutKeyword):
                    return new[] { Unparenthesized(argument.Expression) };
                default:
                    return Enumerable.Empty<ExpressionSyntax>();
            }
        }

        internal static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
        {
            while (expression is ParenthesizedExpressionSyntax parenthesized)
                expression = parenthesized.Expression;
            return expression;
        }
    }
}
