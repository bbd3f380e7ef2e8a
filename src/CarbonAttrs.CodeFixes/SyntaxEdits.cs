using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.CodeFixes;

/// <summary>Small syntax edits the fixers share: end-of-line detection, indentation, using directives.</summary>
internal static class SyntaxEdits
{
    public static string EndOfLine(SyntaxNode root)
    {
        var first = root.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        return first.IsKind(SyntaxKind.EndOfLineTrivia) ? first.ToString() : "\n";
    }

    /// <summary>The whitespace that starts the line of <paramref name="node"/>.</summary>
    public static string Indentation(SyntaxNode node)
    {
        var leading = node.GetLeadingTrivia();
        return leading.Count > 0 && leading.Last().IsKind(SyntaxKind.WhitespaceTrivia) ? leading.Last().ToString() : string.Empty;
    }

    public static bool HasUsing(SyntaxNode root, string namespaceName, bool isStatic = false)
    {
        foreach (var directive in root.DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax).OfType<UsingDirectiveSyntax>())
        {
            if (directive.Name?.ToString() == namespaceName && directive.StaticKeyword.IsKind(SyntaxKind.StaticKeyword) == isStatic && directive.Alias is null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Adds <c>using X;</c> after the last top-level using directive (or at the top) when missing.</summary>
    public static SyntaxNode EnsureUsing(SyntaxNode root, string namespaceName)
    {
        if (root is not CompilationUnitSyntax unit || HasUsing(root, namespaceName))
        {
            return root;
        }

        var eol = EndOfLine(root);
        var directive = SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(namespaceName))
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));
        if (unit.Usings.Count == 0)
        {
            var leading = unit.GetLeadingTrivia();
            var withDirective = unit.WithoutLeadingTrivia().WithUsings(unit.Usings.Add(directive.WithLeadingTrivia(leading).WithTrailingTrivia(SyntaxFactory.EndOfLine(eol), SyntaxFactory.EndOfLine(eol))));
            return withDirective;
        }

        return unit.WithUsings(unit.Usings.Add(directive));
    }
}
