using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonAttrs.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.CodeFixes;

/// <summary>
/// CARB005: turn gradients off for the evaluation code with a <c>using var noGrad = torch.no_grad();</c> declaration,
/// placed right after the <c>eval()</c> call when there is one, otherwise at the top of the method body.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ForwardWithoutNoGradFixer))]
[Shared]
public sealed class ForwardWithoutNoGradFixer : CodeFixProvider
{
    private const string Title = "Run the evaluation code under torch.no_grad()";
    private const string Key = "CARB005.NoGrad";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.ForwardWithoutNoGrad);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is not null && InsertionPoint.For(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), Key),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // One declaration covers every forward after it in its block: keep only insertion points not already covered.
        var accepted = new List<InsertionPoint>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            var forward = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (accepted.Any(p => p.Covers(forward)) || InsertionPoint.For(forward) is not { } point)
            {
                continue;
            }

            accepted.Add(point);
        }

        if (accepted.Count == 0)
        {
            return document;
        }

        var expression = NoGradExpression(root);
        var eol = SyntaxEdits.EndOfLine(root);
        var byBlock = accepted.GroupBy(p => p.Block).ToDictionary(g => g.Key, g => g.Select(p => p.Index).Distinct().OrderByDescending(i => i).ToList());
        var newRoot = root.ReplaceNodes(byBlock.Keys, (original, rewritten) =>
        {
            var statements = rewritten.Statements;
            foreach (var index in byBlock[original])
            {
                var anchor = original.Statements[index < original.Statements.Count ? index : original.Statements.Count - 1];
                var name = UniqueName(original);
                var statement = SyntaxFactory.ParseStatement($"{SyntaxEdits.Indentation(anchor)}using var {name} = {expression};{eol}");
                statements = statements.Insert(index, statement);
            }

            return rewritten.WithStatements(statements);
        });
        return document.WithSyntaxRoot(newRoot);
    }

    private static string NoGradExpression(SyntaxNode root)
    {
        if (SyntaxEdits.HasUsing(root, "TorchSharp"))
        {
            return "torch.no_grad()";
        }

        return SyntaxEdits.HasUsing(root, "TorchSharp.torch", isStatic: true) ? "no_grad()" : "TorchSharp.torch.no_grad()";
    }

    private static string UniqueName(SyntaxNode block)
    {
        var scope = block.AncestorsAndSelf().LastOrDefault(n => n is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax) ?? block;
        var used = new HashSet<string>(scope.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var name = "noGrad";
        for (var i = 2; used.Contains(name); i++)
        {
            name = "noGrad" + i;
        }

        return name;
    }

    private sealed class InsertionPoint
    {
        private InsertionPoint(BlockSyntax block, int index)
        {
            Block = block;
            Index = index;
        }

        public BlockSyntax Block { get; }

        /// <summary>The declaration goes before the statement at this index.</summary>
        public int Index { get; }

        public bool Covers(SyntaxNode node) =>
            Block.Span.Contains(node.Span)
            && Block.Statements.Select((s, i) => (s, i)).Any(x => x.i >= Index && x.s.Span.Contains(node.Span));

        /// <summary>After the nearest preceding <c>eval()</c> statement in an enclosing block; else the top of the method body.</summary>
        public static InsertionPoint? For(SyntaxNode forward)
        {
            BlockSyntax? outermost = null;
            foreach (var statement in forward.AncestorsAndSelf().OfType<StatementSyntax>())
            {
                if (statement.Parent is not BlockSyntax block)
                {
                    continue;
                }

                var index = block.Statements.IndexOf(statement);
                for (var i = index - 1; i >= 0; i--)
                {
                    if (IsEvalCall(block.Statements[i]))
                    {
                        return new InsertionPoint(block, i + 1);
                    }
                }

                outermost = block;
                if (block.Parent is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax)
                {
                    break;
                }
            }

            return outermost is null ? null : new InsertionPoint(outermost, 0);
        }

        private static bool IsEvalCall(StatementSyntax statement) =>
            statement is ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "eval" } } };
    }
}
