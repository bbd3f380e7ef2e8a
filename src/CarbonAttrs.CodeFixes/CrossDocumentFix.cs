using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.CodeFixes;

/// <summary>
/// A fix that edits a declaration named by a diagnostic's additional location, possibly in another document
/// (the method run per iteration, the attribute of a tracked method). Many diagnostics may point at the same
/// declaration, so Fix All collects the targets, removes duplicates and edits each document once.
/// </summary>
internal sealed class CrossDocumentFix
{
    private readonly Func<SyntaxNode, TextSpan, SyntaxNode?> _findTarget;
    private readonly Func<SyntaxNode, SyntaxNode> _edit;
    private readonly string? _requiredUsing;

    public CrossDocumentFix(Func<SyntaxNode, TextSpan, SyntaxNode?> findTarget, Func<SyntaxNode, SyntaxNode> edit, string? requiredUsing)
    {
        _findTarget = findTarget;
        _edit = edit;
        _requiredUsing = requiredUsing;
    }

    public async Task<Solution> ApplyAsync(Solution solution, IEnumerable<Location> targets, CancellationToken cancellationToken)
    {
        foreach (var group in targets.Where(l => l.IsInSource).GroupBy(l => l.SourceTree!))
        {
            var documentId = solution.GetDocumentId(group.Key);
            var document = documentId is null ? null : solution.GetDocument(documentId);
            if (document is null)
            {
                continue;
            }

            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                continue;
            }

            var nodes = group.Select(l => _findTarget(root, l.SourceSpan)).Where(n => n is not null).Select(n => n!).Distinct().ToList();
            if (nodes.Count == 0)
            {
                continue;
            }

            var newRoot = root.ReplaceNodes(nodes, (_, rewritten) => _edit(rewritten));
            if (_requiredUsing is not null)
            {
                newRoot = SyntaxEdits.EnsureUsing(newRoot, _requiredUsing);
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }

    /// <summary>Fix All: every diagnostic of the scope with the same equivalence key, targets merged.</summary>
    public sealed class FixAll : FixAllProvider
    {
        private readonly CrossDocumentFix _fix;
        private readonly Func<Diagnostic, string, Location?> _targetOf;
        private readonly string _title;

        public FixAll(CrossDocumentFix fix, Func<Diagnostic, string, Location?> targetOf, string title)
        {
            _fix = fix;
            _targetOf = targetOf;
            _title = title;
        }

        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() =>
            new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = new List<Diagnostic>();
            switch (fixAllContext.Scope)
            {
                case FixAllScope.Project:
                    diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in fixAllContext.Solution.Projects)
                    {
                        diagnostics.AddRange(await fixAllContext.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
                default:
                    if (fixAllContext.Document is not null)
                    {
                        diagnostics.AddRange(await fixAllContext.GetDocumentDiagnosticsAsync(fixAllContext.Document).ConfigureAwait(false));
                    }

                    break;
            }

            var key = fixAllContext.CodeActionEquivalenceKey ?? string.Empty;
            var targets = diagnostics.Select(d => _targetOf(d, key)).Where(l => l is not null).Select(l => l!).ToImmutableArray();
            return targets.IsEmpty
                ? null
                : CodeAction.Create(_title, ct => _fix.ApplyAsync(fixAllContext.Solution, targets, ct), key);
        }
    }
}
