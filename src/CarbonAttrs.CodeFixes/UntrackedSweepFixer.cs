using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using CarbonAttrs.Analyzers;
using CarbonAttrs.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.CodeFixes;

/// <summary>CARB001: add <c>[TrackEmissions]</c> to the method run per iteration, or to the method enclosing the sweep.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UntrackedSweepFixer))]
[Shared]
public sealed class UntrackedSweepFixer : CodeFixProvider
{
    /// <summary>Equivalence key of the fix that decorates the method run per iteration.</summary>
    public const string TrackRunMethodKey = "CARB001.TrackRunMethod";

    /// <summary>Equivalence key of the fix that decorates the method enclosing the loop.</summary>
    public const string TrackEnclosingMethodKey = "CARB001.TrackEnclosingMethod";

    private static readonly CrossDocumentFix Fix = new(FindMethod, AddTrackEmissions, "CarbonAttrs");

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UntrackedSweep);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new CrossDocumentFix.FixAll(Fix, Target, "Add [TrackEmissions]");

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            Register(context, diagnostic, TrackRunMethodKey, "Add [TrackEmissions] to '{0}', the method run per iteration");
            Register(context, diagnostic, TrackEnclosingMethodKey, "Add [TrackEmissions] to '{0}', the method enclosing the sweep");
        }

        return Task.CompletedTask;
    }

    private static void Register(CodeFixContext context, Diagnostic diagnostic, string key, string title)
    {
        if (Target(diagnostic, key) is not { SourceTree: { } tree } target)
        {
            return;
        }

        var name = tree.GetRoot(context.CancellationToken).FindToken(target.SourceSpan.Start).ValueText;
        context.RegisterCodeFix(
            CodeAction.Create(string.Format(CultureInfo.InvariantCulture, title, name), ct => Fix.ApplyAsync(context.Document.Project.Solution, new[] { target }, ct), key),
            diagnostic);
    }

    private static Location? Target(Diagnostic diagnostic, string key)
    {
        var property = key == TrackRunMethodKey ? UntrackedSweepAnalyzer.RunMethodLocationKey : UntrackedSweepAnalyzer.EnclosingMethodLocationKey;
        return diagnostic.Properties.TryGetValue(property, out var index)
               && int.TryParse(index, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i)
               && i >= 0 && i < diagnostic.AdditionalLocations.Count
            ? diagnostic.AdditionalLocations[i]
            : null;
    }

    private static SyntaxNode? FindMethod(SyntaxNode root, TextSpan span) =>
        root.FindToken(span.Start).Parent?.AncestorsAndSelf().FirstOrDefault(n => n is MethodDeclarationSyntax or LocalFunctionStatementSyntax);

    private static SyntaxNode AddTrackEmissions(SyntaxNode method)
    {
        var lists = method switch
        {
            MethodDeclarationSyntax m => m.AttributeLists,
            LocalFunctionStatementSyntax f => f.AttributeLists,
            _ => default,
        };
        if (lists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is "TrackEmissions" or "TrackEmissionsAttribute" or "CarbonAttrs.TrackEmissions"))
        {
            return method;
        }

        var eol = SyntaxEdits.EndOfLine(method.SyntaxTree.GetRoot());
        var indentation = SyntaxEdits.Indentation(method);
        var attribute = SyntaxFactory.AttributeList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Attribute(SyntaxFactory.IdentifierName("TrackEmissions"))));
        SyntaxNode updated;
        if (lists.Count == 0)
        {
            attribute = attribute
                .WithLeadingTrivia(method.GetLeadingTrivia())
                .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol), SyntaxFactory.Whitespace(indentation));
            var bare = method.WithoutLeadingTrivia();
            updated = bare switch
            {
                MethodDeclarationSyntax m => m.WithAttributeLists(m.AttributeLists.Add(attribute)),
                LocalFunctionStatementSyntax f => f.WithAttributeLists(f.AttributeLists.Add(attribute)),
                _ => bare,
            };
        }
        else
        {
            var lastIndentation = SyntaxEdits.Indentation(lists.First());
            attribute = attribute.WithLeadingTrivia(SyntaxFactory.Whitespace(lastIndentation)).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));
            updated = method switch
            {
                MethodDeclarationSyntax m => m.WithAttributeLists(m.AttributeLists.Add(attribute)),
                LocalFunctionStatementSyntax f => f.WithAttributeLists(f.AttributeLists.Add(attribute)),
                _ => method,
            };
        }

        return updated;
    }
}
