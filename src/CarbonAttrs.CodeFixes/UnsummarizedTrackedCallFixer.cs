using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using CarbonAttrs.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.CodeFixes;

/// <summary>CARB008: set <c>Summarize = true</c> on the <c>[TrackEmissions]</c> attribute of the called method.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnsummarizedTrackedCallFixer))]
[Shared]
public sealed class UnsummarizedTrackedCallFixer : CodeFixProvider
{
    private const string Title = "Set Summarize = true on [TrackEmissions]";
    private const string Key = "CARB008.Summarize";

    private static readonly CrossDocumentFix Fix = new(FindAttribute, SetSummarize, requiredUsing: null);

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.UnsummarizedTrackedCallInHotLoop);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new CrossDocumentFix.FixAll(Fix, (d, _) => Target(d), Title);

    /// <inheritdoc />
    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            if (Target(diagnostic) is { } target)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, ct => Fix.ApplyAsync(context.Document.Project.Solution, new[] { target }, ct), Key), diagnostic);
            }
        }

        return Task.CompletedTask;
    }

    private static Location? Target(Diagnostic diagnostic) => diagnostic.AdditionalLocations.FirstOrDefault();

    private static SyntaxNode? FindAttribute(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<AttributeSyntax>().FirstOrDefault();

    private static SyntaxNode SetSummarize(SyntaxNode node)
    {
        var attribute = (AttributeSyntax)node;
        var trueLiteral = SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression);
        var existing = attribute.ArgumentList?.Arguments.FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == "Summarize");
        if (existing is not null)
        {
            return attribute.ReplaceNode(existing.Expression, trueLiteral.WithTriviaFrom(existing.Expression));
        }

        var argument = SyntaxFactory.AttributeArgument(
            SyntaxFactory.NameEquals(SyntaxFactory.IdentifierName("Summarize"), SyntaxFactory.Token(SyntaxKind.EqualsToken).WithLeadingTrivia(SyntaxFactory.Space).WithTrailingTrivia(SyntaxFactory.Space)),
            null,
            trueLiteral);
        if (attribute.ArgumentList is null || attribute.ArgumentList.Arguments.Count == 0)
        {
            return attribute.WithArgumentList(SyntaxFactory.AttributeArgumentList(SyntaxFactory.SingletonSeparatedList(argument)));
        }

        var arguments = attribute.ArgumentList.Arguments;
        var separators = arguments.GetSeparators().ToList();
        separators.Add(SyntaxFactory.Token(SyntaxKind.CommaToken).WithTrailingTrivia(SyntaxFactory.Space));
        return attribute.WithArgumentList(attribute.ArgumentList.WithArguments(SyntaxFactory.SeparatedList(arguments.Add(argument), separators)));
    }
}
