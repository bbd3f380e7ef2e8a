using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using CarbonAttrs.Analyzers;
using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.CodeFixes;

/// <summary>
/// CARB009: create the prediction engine once, before the outermost loop that cannot change its arguments. A
/// <c>var engine = ...CreatePredictionEngine(...)</c> declaration moves as it is (renamed if its name is taken outside the
/// loop); a creation inside an expression becomes a new <c>predictionEngine</c> local. Fix All applies the fixes one after
/// the other on the updated document, so hoists into the same block never clash.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictionEngineInLoopFixer))]
[Shared]
public sealed class PredictionEngineInLoopFixer : CodeFixProvider
{
    private const string Title = "Create the prediction engine once, before the loop";
    private const string Key = "CARB009.Hoist";
    private const string DefaultName = "predictionEngine";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.PredictionEngineInLoop);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) => await HoistAllAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Plan(root, model, Creation(root, diagnostic), context.CancellationToken) is null)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(Title, ct => HoistAllAsync(context.Document, ImmutableArray.Create(diagnostic), ct), Key),
                diagnostic);
        }
    }

    private static InvocationExpressionSyntax? Creation(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();

    private static async Task<Document> HoistAllAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Mark every creation first; each hoist then runs, in source order, on the document the previous one produced.
        var annotations = new List<SyntaxAnnotation>();
        var marked = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Creation(root, diagnostic) is { } creation && !marked.ContainsKey(creation))
            {
                var annotation = new SyntaxAnnotation("CARB009");
                marked.Add(creation, annotation);
                annotations.Add(annotation);
            }
        }

        document = document.WithSyntaxRoot(root.ReplaceNodes(marked.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marked[original])));
        foreach (var annotation in annotations)
        {
            root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var creation = root?.GetAnnotatedNodes(annotation).OfType<InvocationExpressionSyntax>().FirstOrDefault();
            if (root is null || model is null || Plan(root, model, creation, cancellationToken) is not { } plan)
            {
                continue;
            }

            document = document.WithSyntaxRoot(plan.Apply(root));
        }

        return document;
    }

    private static HoistPlan? Plan(SyntaxNode root, SemanticModel model, InvocationExpressionSyntax? creation, CancellationToken cancellationToken)
    {
        if (creation is null
            || model.GetOperation(creation, cancellationToken) is not IInvocationOperation invocation
            || PredictionEngineHoist.OutermostInvariantLoop(invocation) is not { } loop
            || loop.Syntax is not StatementSyntax loopStatement
            || loopStatement.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax)
            || IsUsingStatementResource(creation))
        {
            return null;
        }

        // The whole initializer of a single-variable declaration: move the declaration.
        if (creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
            && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax declaration }
            && declaration.Parent is BlockSyntax
            && model.GetDeclaredSymbol(declarator, cancellationToken) is ILocalSymbol local)
        {
            if (CapturedByALambda(declaration.Parent, local, model, cancellationToken))
            {
                return null;
            }

            var taken = DeclaredNamesOutside(loopStatement, declaration, model, cancellationToken);
            var name = taken.Contains(local.Name) ? UniqueName(root, local.Name) : local.Name;
            var references = name == local.Name
                ? ImmutableArray<IdentifierNameSyntax>.Empty
                : declaration.Parent.DescendantNodes().OfType<IdentifierNameSyntax>()
                    .Where(i => i.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, local))
                    .ToImmutableArray();
            return new HoistPlan(loopStatement, declaration, creation, name, references);
        }

        return new HoistPlan(loopStatement, null, creation, UniqueName(root, DefaultName), ImmutableArray<IdentifierNameSyntax>.Empty);
    }

    /// <summary>
    /// <c>using (var engine = ...CreatePredictionEngine(...)) { }</c> disposes the engine at the end of every iteration: a
    /// hoisted engine would be used after disposal, so no fix is offered (the diagnostic stays).
    /// </summary>
    private static bool IsUsingStatementResource(InvocationExpressionSyntax creation) =>
        creation.Ancestors().TakeWhile(n => n is not StatementSyntax || n is UsingStatementSyntax).OfType<UsingStatementSyntax>()
            .Any(u => (u.Declaration?.Span.Contains(creation.Span) ?? false) || (u.Expression?.Span.Contains(creation.Span) ?? false));

    /// <summary>
    /// An engine captured by a lambda or local function may be used by several tasks at once; a <c>PredictionEngine</c> is
    /// not thread-safe, so sharing one across iterations is not a fix (a <c>PredictionEnginePool</c> is).
    /// </summary>
    private static bool CapturedByALambda(SyntaxNode scope, ILocalSymbol local, SemanticModel model, CancellationToken cancellationToken) =>
        scope.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i =>
            i.Identifier.ValueText == local.Name
            && i.Ancestors().Any(a => a is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(i, cancellationToken).Symbol, local));

    /// <summary>Names declared in the scope the declaration moves to, other than the declaration itself (a clash would not compile).</summary>
    private static HashSet<string> DeclaredNamesOutside(StatementSyntax loop, LocalDeclarationStatementSyntax moved, SemanticModel model, CancellationToken cancellationToken)
    {
        var scope = loop.Parent is GlobalStatementSyntax ? loop.SyntaxTree.GetRoot(cancellationToken) : loop.Parent!;
        var names = new HashSet<string>();
        foreach (var node in scope.DescendantNodes())
        {
            if (moved.Span.Contains(node.Span))
            {
                continue;
            }

            if (model.GetDeclaredSymbol(node, cancellationToken) is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
                || node is LocalFunctionStatementSyntax)
            {
                var name = model.GetDeclaredSymbol(node, cancellationToken)?.Name;
                if (name is not null)
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }

    private static string UniqueName(SyntaxNode root, string wanted)
    {
        var used = new HashSet<string>(root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)).Select(t => t.ValueText));
        var name = wanted;
        for (var i = 2; used.Contains(name); i++)
        {
            name = wanted + i;
        }

        return name;
    }

    private sealed class HoistPlan
    {
        private readonly StatementSyntax _loop;
        private readonly LocalDeclarationStatementSyntax? _declaration;
        private readonly InvocationExpressionSyntax _creation;
        private readonly string _name;
        private readonly ImmutableArray<IdentifierNameSyntax> _references;

        public HoistPlan(StatementSyntax loop, LocalDeclarationStatementSyntax? declaration, InvocationExpressionSyntax creation, string name, ImmutableArray<IdentifierNameSyntax> references)
        {
            _loop = loop;
            _declaration = declaration;
            _creation = creation;
            _name = name;
            _references = references;
        }

        public SyntaxNode Apply(SyntaxNode root)
        {
            var eol = SyntaxEdits.EndOfLine(root);
            var indentation = SyntaxEdits.Indentation(_loop.Parent is GlobalStatementSyntax global ? global : _loop);
            StatementSyntax hoisted;
            if (_declaration is not null)
            {
                var declarator = _declaration.Declaration.Variables[0];
                hoisted = _declaration.ReplaceNode(declarator, declarator.WithIdentifier(SyntaxFactory.Identifier(_name).WithTriviaFrom(declarator.Identifier)));
            }
            else
            {
                hoisted = SyntaxFactory.ParseStatement($"var {_name} = {_creation.WithoutTrivia().ToFullString()};");
            }

            hoisted = hoisted.WithLeadingTrivia(Reindent(hoisted.GetLeadingTrivia(), indentation)).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));

            var tracked = root.TrackNodes(new SyntaxNode[] { _loop, _creation }.Concat(_references).Concat(_declaration is null ? Enumerable.Empty<SyntaxNode>() : new[] { _declaration }));
            if (_declaration is not null)
            {
                foreach (var reference in _references)
                {
                    var current = tracked.GetCurrentNode(reference)!;
                    tracked = tracked.ReplaceNode(current, current.WithIdentifier(SyntaxFactory.Identifier(_name).WithTriviaFrom(current.Identifier)));
                }

                tracked = tracked.RemoveNode(tracked.GetCurrentNode(_declaration)!, SyntaxRemoveOptions.KeepNoTrivia)!;
            }
            else
            {
                var current = tracked.GetCurrentNode(_creation)!;
                tracked = tracked.ReplaceNode(current, SyntaxFactory.IdentifierName(_name).WithTriviaFrom(current));
            }

            // Blank lines above the loop now separate the hoisted declaration from what precedes it.
            SyntaxNode anchor = tracked.GetCurrentNode(_loop)!;
            anchor = anchor.Parent as GlobalStatementSyntax ?? anchor;
            var anchorLeading = anchor.GetLeadingTrivia();
            var blankLines = anchorLeading.TakeWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia) || t.IsKind(SyntaxKind.WhitespaceTrivia)).ToList();
            while (blankLines.Count > 0 && !blankLines[blankLines.Count - 1].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                blankLines.RemoveAt(blankLines.Count - 1);
            }

            hoisted = hoisted.WithLeadingTrivia(blankLines.Concat(hoisted.GetLeadingTrivia()));
            var newAnchor = anchor.WithLeadingTrivia(anchorLeading.Skip(blankLines.Count));
            SyntaxNode inserted = anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(hoisted) : hoisted;
            return tracked.ReplaceNode(anchor, new[] { inserted, newAnchor });
        }

        /// <summary>Comments above the moved declaration move with it, at the loop's indentation.</summary>
        private static SyntaxTriviaList Reindent(SyntaxTriviaList leading, string indentation)
        {
            var result = new List<SyntaxTrivia>();
            var atLineStart = true;
            foreach (var trivia in leading)
            {
                if (trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    continue;
                }

                if (atLineStart && !trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    result.Add(SyntaxFactory.Whitespace(indentation));
                }

                result.Add(trivia);
                atLineStart = trivia.IsKind(SyntaxKind.EndOfLineTrivia);
            }

            if (atLineStart)
            {
                result.Add(SyntaxFactory.Whitespace(indentation));
            }

            return SyntaxFactory.TriviaList(result);
        }
    }
}
