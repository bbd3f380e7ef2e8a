using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.CodeFixes;

/// <summary>
/// CARB101 on a call the generator cannot reach (a private member of a static class, a member of a private nested
/// type, a private type in the signature: on frameworks before .NET 10, or shapes C# interceptors cannot name):
/// make the method and its private types <c>internal</c>, so an interceptor can call it, or convert it to the
/// partial-method pattern (<c>partial</c> declaration, body in <c>NameCore</c>), which measures it from inside its type.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PrivateTrackedMethodFixer))]
[Shared]
public sealed class PrivateTrackedMethodFixer : CodeFixProvider
{
    /// <summary>CannotWrapMethod, reported by CarbonAttrs.Generators (IDs are declared there).</summary>
    private const string CannotWrapMethodId = "CARB101";
    private const string InternalKey = "CARB101.MakeInternal";
    private const string PartialKey = "CARB101.PartialPattern";
    private static readonly SyntaxAnnotation Target = new("CarbonAttrs.TrackedMethodToConvert");

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(CannotWrapMethodId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => new FixAll();

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        foreach (var diagnostic in context.Diagnostics)
        {
            var method = await TrackedMethodAtAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false);
            if (method is null)
            {
                continue;
            }

            var solution = context.Document.Project.Solution;
            if (HiddenDeclarations(method).Any() && !method.IsVirtual && !method.IsOverride && !method.IsAbstract)
            {
                context.RegisterCodeFix(CodeAction.Create("Make '" + method.Name + "' and its private types internal",
                    ct => ApplyAsync(solution, new[] { method }, partial: false, ct), InternalKey), diagnostic);
            }

            if (CanUsePartialPattern(method))
            {
                context.RegisterCodeFix(CodeAction.Create("Use the partial-method pattern for '" + method.Name + "' (body moved to '" + method.Name + "Core')",
                    ct => ApplyAsync(solution, new[] { method }, partial: true, ct), PartialKey), diagnostic);
            }
        }
    }

    /// <summary>The [TrackEmissions] method, declared in this solution, whose call the diagnostic is on.</summary>
    private static async Task<IMethodSymbol?> TrackedMethodAtAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !diagnostic.Location.IsInSource || diagnostic.Location.SourceTree != root.SyntaxTree)
        {
            return null;
        }

        var invocation = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault();
        if (invocation is null || model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol called)
        {
            return null;
        }

        var method = (called.ReducedFrom ?? called).OriginalDefinition;
        var tracked = method.MethodKind == MethodKind.Ordinary
            && method.DeclaringSyntaxReferences.Length == 1
            && method.GetAttributes().Any(a => a.AttributeClass is { Name: "TrackEmissionsAttribute", ContainingNamespace: { Name: "CarbonAttrs", ContainingNamespace.IsGlobalNamespace: true } });
        return tracked ? method : null;
    }

    /// <summary>The method and the types it depends on (containers, signature types) that are declared private or protected in source.</summary>
    private static IEnumerable<ISymbol> HiddenDeclarations(IMethodSymbol method)
    {
        var symbols = new List<ISymbol>();
        if (IsHidden(method.DeclaredAccessibility))
        {
            symbols.Add(method);
        }

        var types = new List<ITypeSymbol> { method.ContainingType, method.ReturnType };
        types.AddRange(method.Parameters.Select(p => p.Type));
        foreach (var type in types)
        {
            AddHiddenTypes(type, symbols);
        }

        return symbols.Where(s => !s.DeclaringSyntaxReferences.IsEmpty).Distinct(SymbolEqualityComparer.Default);
    }

    private static void AddHiddenTypes(ITypeSymbol type, List<ISymbol> symbols)
    {
        switch (type)
        {
            case IArrayTypeSymbol array:
                AddHiddenTypes(array.ElementType, symbols);
                break;
            case INamedTypeSymbol named:
                for (var current = named.OriginalDefinition; current is not null; current = current.ContainingType)
                {
                    if (IsHidden(current.DeclaredAccessibility) && current.DeclaringSyntaxReferences.All(r => r.GetSyntax() is BaseTypeDeclarationSyntax))
                    {
                        symbols.Add(current);
                    }
                }

                foreach (var argument in named.TypeArguments)
                {
                    AddHiddenTypes(argument, symbols);
                }

                break;
        }
    }

    private static bool IsHidden(Accessibility accessibility) =>
        accessibility is Accessibility.Private or Accessibility.ProtectedAndInternal;

    /// <summary>A method with a body, in types that can all be reopened as partial, with no NameCore yet.</summary>
    private static bool CanUsePartialPattern(IMethodSymbol method)
    {
        if (method.DeclaringSyntaxReferences.Single().GetSyntax() is not MethodDeclarationSyntax declaration
            || (declaration.Body is null && declaration.ExpressionBody is null)
            || declaration.Modifiers.Any(m => m.IsKind(SyntaxKind.PartialKeyword) || m.IsKind(SyntaxKind.ExternKeyword))
            || method.IsVirtual || method.IsOverride || method.IsAbstract
            || method.ReturnsByRef || method.ReturnsByRefReadonly
            || !method.ContainingType.GetMembers(method.Name + "Core").IsEmpty)
        {
            return false;
        }

        // An iterator's body runs during enumeration: the partial pattern would not measure it either.
        var body = (SyntaxNode?)declaration.Body ?? declaration.ExpressionBody;
        if (body!.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)).OfType<YieldStatementSyntax>().Any())
        {
            return false;
        }

        for (var type = method.ContainingType; type is not null; type = type.ContainingType)
        {
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.DeclaringSyntaxReferences.IsEmpty
                || type.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is not TypeDeclarationSyntax))
            {
                return false; // the top-level program's class, interfaces, types from metadata
            }
        }

        return true;
    }

    /// <summary>Edits every declaration the methods need, one document at a time (all declarations gathered before any edit).</summary>
    private static async Task<Solution> ApplyAsync(Solution solution, IEnumerable<IMethodSymbol> methods, bool partial, CancellationToken cancellationToken)
    {
        var methodSpans = new Dictionary<SyntaxTree, HashSet<Microsoft.CodeAnalysis.Text.TextSpan>>();
        var typeSpans = new Dictionary<SyntaxTree, HashSet<Microsoft.CodeAnalysis.Text.TextSpan>>();
        void Add(Dictionary<SyntaxTree, HashSet<Microsoft.CodeAnalysis.Text.TextSpan>> into, SyntaxReference reference)
        {
            if (!into.TryGetValue(reference.SyntaxTree, out var spans))
            {
                into[reference.SyntaxTree] = spans = new HashSet<Microsoft.CodeAnalysis.Text.TextSpan>();
            }

            spans.Add(reference.Span);
        }

        foreach (var method in methods)
        {
            if (partial)
            {
                Add(methodSpans, method.DeclaringSyntaxReferences.Single());
                for (var type = method.ContainingType; type is not null; type = type.ContainingType)
                {
                    foreach (var reference in type.DeclaringSyntaxReferences)
                    {
                        Add(typeSpans, reference);
                    }
                }

                continue;
            }

            foreach (var symbol in HiddenDeclarations(method))
            {
                foreach (var reference in symbol.DeclaringSyntaxReferences)
                {
                    Add(symbol is IMethodSymbol ? methodSpans : typeSpans, reference);
                }
            }
        }

        foreach (var tree in methodSpans.Keys.Concat(typeSpans.Keys).Distinct())
        {
            var document = solution.GetDocument(tree);
            if (document is null)
            {
                continue;
            }

            var root = await tree.GetRootAsync(cancellationToken).ConfigureAwait(false);
            var methodNodes = Nodes<MethodDeclarationSyntax>(root, methodSpans, tree);
            var typeNodes = Nodes<TypeDeclarationSyntax>(root, typeSpans, tree);
            var newRoot = partial
                ? ToPartialPattern(root, methodNodes, typeNodes)
                : root.ReplaceNodes(methodNodes.Cast<MemberDeclarationSyntax>().Concat(typeNodes), (_, rewritten) => WithAccessibility(rewritten, SyntaxKind.InternalKeyword));
            solution = solution.WithDocumentSyntaxRoot(document.Id, newRoot);
        }

        return solution;
    }

    private static List<T> Nodes<T>(SyntaxNode root, Dictionary<SyntaxTree, HashSet<Microsoft.CodeAnalysis.Text.TextSpan>> spans, SyntaxTree tree)
        where T : SyntaxNode =>
        spans.TryGetValue(tree, out var set)
            ? set.Select(span => root.FindNode(span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<T>().FirstOrDefault()).Where(n => n is not null).Select(n => n!).Distinct().ToList()
            : new List<T>();

    private static SyntaxNode ToPartialPattern(SyntaxNode root, List<MethodDeclarationSyntax> methods, List<TypeDeclarationSyntax> types)
    {
        var marked = root.ReplaceNodes(methods, (_, rewritten) => rewritten.WithAdditionalAnnotations(Target));
        var typeAnnotation = new SyntaxAnnotation();
        var annotated = marked.ReplaceNodes(types.Select(t => marked.FindNode(t.Span, getInnermostNodeForTie: true).AncestorsAndSelf().OfType<TypeDeclarationSyntax>().First()),
            (_, rewritten) => rewritten.WithAdditionalAnnotations(typeAnnotation));

        // Inner types first (ReplaceNodes passes each type with its nested types already rewritten).
        return annotated.ReplaceNodes(annotated.GetAnnotatedNodes(typeAnnotation).OfType<TypeDeclarationSyntax>(), (_, rewritten) =>
        {
            var members = new List<MemberDeclarationSyntax>();
            foreach (var member in rewritten.Members)
            {
                if (member is MethodDeclarationSyntax method && method.HasAnnotation(Target))
                {
                    members.Add(PartialDeclaration(method));
                    members.Add(CoreMethod(method));
                }
                else
                {
                    members.Add(member);
                }
            }

            var type = rewritten.WithMembers(SyntaxFactory.List(members));
            return type.Modifiers.Any(SyntaxKind.PartialKeyword) ? type : AppendModifier(type, SyntaxKind.PartialKeyword);
        });
    }

    /// <summary><c>[TrackEmissions] private static partial double Fit(double lr);</c>: attributes and documentation stay here.</summary>
    private static MethodDeclarationSyntax PartialDeclaration(MethodDeclarationSyntax method)
    {
        var headerEnd = ((SyntaxNode?)method.Body ?? method.ExpressionBody)!.GetFirstToken().GetPreviousToken();
        var declaration = method.ReplaceToken(headerEnd, headerEnd.WithTrailingTrivia());
        var trailing = method.GetTrailingTrivia();
        declaration = declaration.WithBody(null).WithExpressionBody(null)
            .WithSemicolonToken(SyntaxFactory.Token(SyntaxKind.SemicolonToken).WithTrailingTrivia(trailing));
        declaration = declaration.WithModifiers(SyntaxFactory.TokenList(declaration.Modifiers.Where(m => !m.IsKind(SyntaxKind.AsyncKeyword))));
        // A partial method with a return value needs an explicit accessibility (C# 9 extended partial methods).
        if (!declaration.Modifiers.Any(IsAccessModifier))
        {
            declaration = (MethodDeclarationSyntax)WithAccessibility(declaration, SyntaxKind.PrivateKeyword);
        }

        return (MethodDeclarationSyntax)AppendModifier(declaration, SyntaxKind.PartialKeyword).WithoutAnnotations(Target);
    }

    /// <summary><c>private static double FitCore(double lr) { ... }</c>: the original body, no attributes.</summary>
    private static MethodDeclarationSyntax CoreMethod(MethodDeclarationSyntax method)
    {
        var indentation = SyntaxEdits.Indentation(method);
        var core = method.WithAttributeLists(default)
            .WithIdentifier(SyntaxFactory.Identifier(method.Identifier.ValueText + "Core").WithTriviaFrom(method.Identifier))
            .WithoutAnnotations(Target);
        return core.WithLeadingTrivia(SyntaxFactory.Whitespace(indentation));
    }

    private static bool IsAccessModifier(SyntaxToken token) =>
        token.IsKind(SyntaxKind.PrivateKeyword) || token.IsKind(SyntaxKind.ProtectedKeyword) || token.IsKind(SyntaxKind.InternalKeyword) || token.IsKind(SyntaxKind.PublicKeyword);

    /// <summary>Replaces the declaration's accessibility (or adds one in front) keeping its trivia.</summary>
    private static SyntaxNode WithAccessibility(MemberDeclarationSyntax member, SyntaxKind accessibility)
    {
        var modifiers = member.Modifiers;
        var access = modifiers.Where(IsAccessModifier).ToList();
        if (access.Count > 0)
        {
            var token = SyntaxFactory.Token(access[0].LeadingTrivia, accessibility, access[access.Count - 1].TrailingTrivia);
            return member.WithModifiers(SyntaxFactory.TokenList(modifiers.Where(m => !IsAccessModifier(m) || m == access[0]).Select(m => m == access[0] ? token : m)));
        }

        var anchor = modifiers.Count > 0 ? modifiers[0]
            : member.AttributeLists.Count > 0 ? member.AttributeLists.Last().GetLastToken().GetNextToken() : member.GetFirstToken();
        var added = SyntaxFactory.Token(anchor.LeadingTrivia, accessibility, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        var stripped = member.ReplaceToken(anchor, anchor.WithLeadingTrivia());
        return stripped.WithModifiers(stripped.Modifiers.Insert(0, added));
    }

    /// <summary>Adds a modifier last (<c>partial</c> must come right before the keyword or return type).</summary>
    private static MemberDeclarationSyntax AppendModifier(MemberDeclarationSyntax member, SyntaxKind modifier)
    {
        if (member.Modifiers.Count > 0)
        {
            return member.WithModifiers(member.Modifiers.Add(SyntaxFactory.Token(modifier).WithTrailingTrivia(SyntaxFactory.Space)));
        }

        var anchor = member.AttributeLists.Count > 0 ? member.AttributeLists.Last().GetLastToken().GetNextToken() : member.GetFirstToken();
        var added = SyntaxFactory.Token(anchor.LeadingTrivia, modifier, SyntaxFactory.TriviaList(SyntaxFactory.Space));
        var stripped = member.ReplaceToken(anchor, anchor.WithLeadingTrivia());
        return stripped.WithModifiers(SyntaxFactory.TokenList(added));
    }

    /// <summary>Fix All (and <c>dotnet format</c>): every method named by the scope's diagnostics, each edited once.</summary>
    private sealed class FixAll : FixAllProvider
    {
        public override IEnumerable<FixAllScope> GetSupportedFixAllScopes() => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var partial = fixAllContext.CodeActionEquivalenceKey == PartialKey;
            var documents = fixAllContext.Scope switch
            {
                FixAllScope.Document when fixAllContext.Document is not null => new[] { fixAllContext.Document },
                FixAllScope.Solution => fixAllContext.Solution.Projects.SelectMany(p => p.Documents).ToArray(),
                _ => fixAllContext.Project.Documents.ToArray(),
            };
            var methods = new List<IMethodSymbol>();
            foreach (var document in documents)
            {
                foreach (var diagnostic in await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false))
                {
                    var method = await TrackedMethodAtAsync(document, diagnostic, fixAllContext.CancellationToken).ConfigureAwait(false);
                    if (method is not null && (partial ? CanUsePartialPattern(method) : HiddenDeclarations(method).Any()))
                    {
                        methods.Add(method);
                    }
                }
            }

            var distinct = methods.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default).ToList();
            return distinct.Count == 0
                ? null
                : CodeAction.Create(partial ? "Use the partial-method pattern" : "Make tracked methods internal",
                    ct => ApplyAsync(fixAllContext.Solution, distinct, partial, ct), fixAllContext.CodeActionEquivalenceKey);
        }
    }
}
