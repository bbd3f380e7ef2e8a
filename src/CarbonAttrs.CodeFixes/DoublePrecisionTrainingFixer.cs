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

/// <summary>CARB007: replace the double-precision type with its float32 equivalent.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DoublePrecisionTrainingFixer))]
[Shared]
public sealed class DoublePrecisionTrainingFixer : CodeFixProvider
{
    private const string Title = "Use float32";
    private const string Key = "CARB007.Float32";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(DiagnosticIds.DoublePrecisionTraining);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root is not null && NameToReplace(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is { } name && Replacement(name) is not null)
            {
                context.RegisterCodeFix(CodeAction.Create(Title, ct => ReplaceAsync(context.Document, diagnostic, ct), Key), diagnostic);
            }
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || NameToReplace(root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true)) is not { } name || Replacement(name) is not { } replacement)
        {
            return document;
        }

        var token = SyntaxFactory.ParseToken(replacement).WithTriviaFrom(name.Identifier);
        return document.WithSyntaxRoot(root.ReplaceToken(name.Identifier, token));
    }

    /// <summary>The simple name to rename: <c>Float64</c> in <c>ScalarType.Float64</c>, <c>@double</c> in <c>x.@double()</c>.</summary>
    private static SimpleNameSyntax? NameToReplace(SyntaxNode node) => node switch
    {
        InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name,
        InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple,
        MemberAccessExpressionSyntax access => access.Name,
        SimpleNameSyntax simple => simple,
        ArgumentSyntax argument => NameToReplace(argument.Expression),
        _ => null,
    };

    private static string? Replacement(SimpleNameSyntax name) => name.Identifier.ValueText switch
    {
        "Float64" => "Float32",
        "float64" => "float32",
        "double" when name.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax } || name.Parent is InvocationExpressionSyntax => "@float",
        "double" => "float32",
        _ => null,
    };
}
