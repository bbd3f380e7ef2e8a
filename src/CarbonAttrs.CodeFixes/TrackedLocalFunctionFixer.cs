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
using Microsoft.CodeAnalysis.Formatting;

namespace CarbonAttrs.CodeFixes;

/// <summary>
/// CARB106 (a <c>[TrackEmissions]</c> local function, which cannot be measured): move it out of the body so that it is
/// measured. In a top-level program it becomes an <c>internal static</c> method of a <c>static class Steps</c> after the
/// statements (its calls become <c>Steps.Name(...)</c>); inside a method it becomes an <c>internal static</c> method of the
/// containing type (its calls are unchanged). Offered only when the move keeps the meaning: the function captures no
/// local, parameter, <c>this</c> or type parameter of the code around it, calls no other local function, and its name is
/// free where it goes.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TrackedLocalFunctionFixer))]
[Shared]
public sealed class TrackedLocalFunctionFixer : CodeFixProvider
{
    /// <summary>LocalFunctionNotMeasured, reported by CarbonAttrs.Generators (IDs are declared there).</summary>
    private const string LocalFunctionNotMeasuredId = "CARB106";
    internal const string EquivalenceKey = "CARB106.MoveToStaticClass";
    private static readonly string[] TopLevelClassNames = { "Steps", "TrackedSteps" };
    private static readonly SyntaxAnnotation Pending = new("CarbonAttrs.LocalFunctionToMove");

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(LocalFunctionNotMeasuredId);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindToken(diagnostic.Location.SourceSpan.Start).Parent is not LocalFunctionStatementSyntax function
                || Plan(function, model, context.CancellationToken) is not { } plan)
                continue;
            var title = plan.Type is null
                ? $"Move '{function.Identifier.ValueText}' into 'static class {plan.ClassName}' so that it is measured"
                : $"Move '{function.Identifier.ValueText}' into '{plan.Type.Identifier.ValueText}' as a static method so that it is measured";
            var document = context.Document;
            context.RegisterCodeFix(CodeAction.Create(title, ct => MoveAsync(document, function, ct), EquivalenceKey), diagnostic);
        }
    }

    /// <summary>Where a local function goes: a type declaration around it, or (null) a static class of a top-level program.</summary>
    private sealed record MovePlan(IMethodSymbol Function, TypeDeclarationSyntax? Type, string? ClassName);

    private static MovePlan? Plan(LocalFunctionStatementSyntax function, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetDeclaredSymbol(function, cancellationToken) is not IMethodSymbol symbol
            || (function.Body is null && function.ExpressionBody is null)
            || !IsSelfContained(function, model, cancellationToken))
            return null;
        var name = function.Identifier.ValueText;
        if (function.Ancestors().OfType<TypeDeclarationSyntax>().FirstOrDefault() is { } type)
        {
            // Into the innermost type around it (not an interface), where no member already has its name.
            var free = model.GetDeclaredSymbol(type, cancellationToken) is { } typeSymbol && typeSymbol.GetMembers(name).IsEmpty
                && type is ClassDeclarationSyntax or StructDeclarationSyntax or RecordDeclarationSyntax;
            return free ? new MovePlan(symbol, type, null) : null;
        }
        if (function.FirstAncestorOrSelf<GlobalStatementSyntax>() is null)
            return null;
        var className = ClassFor(function.SyntaxTree.GetRoot(cancellationToken), model, name);
        return className is null ? null : new MovePlan(symbol, null, className);
    }

    // A class this file already has for moved functions (a static class named as below, without a member of that name),
    // else a name no type of the compilation uses.
    private static string? ClassFor(SyntaxNode root, SemanticModel model, string member)
    {
        foreach (var name in TopLevelClassNames)
        {
            var own = OwnClass(root, name);
            if (own is not null)
            {
                if (!own.Members.OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == member))
                    return name;
                continue;
            }
            if (!model.Compilation.GetSymbolsWithName(name, SymbolFilter.Type).Any()
                && model.Compilation.GetTypeByMetadataName(name) is null)
                return name;
        }
        return null;
    }

    private static ClassDeclarationSyntax? OwnClass(SyntaxNode root, string name)
        => root.ChildNodes().OfType<ClassDeclarationSyntax>()
            .FirstOrDefault(c => c.Identifier.ValueText == name && c.Modifiers.Any(SyntaxKind.StaticKeyword));

    /// <summary>
    /// True when nothing in the function refers to the code around it: locals, parameters, range variables and local
    /// functions declared outside it, <c>this</c>/<c>base</c>, instance members by simple name (<c>this.</c> implied),
    /// method type parameters it does not declare. Such a function means the same as a static method.
    /// </summary>
    private static bool IsSelfContained(LocalFunctionStatementSyntax function, SemanticModel model, CancellationToken cancellationToken)
    {
        var span = function.Span;
        bool Inside(ISymbol s) => s.DeclaringSyntaxReferences.Length > 0
            && s.DeclaringSyntaxReferences.All(r => r.SyntaxTree == function.SyntaxTree && span.Contains(r.Span));
        foreach (var node in function.DescendantNodes())
        {
            if (node is ThisExpressionSyntax or BaseExpressionSyntax)
                return false;
            // A receiver, a named argument or an object initializer says whose member a name is: not this function's context.
            if (node is not SimpleNameSyntax name || name.Parent is NameColonSyntax or NameEqualsSyntax or AttributeSyntax
                || IsQualified(name) || InitializesMember(name))
                continue;
            var referenced = model.GetSymbolInfo(name, cancellationToken).Symbol;
            if (referenced is null || Inside(referenced))
                continue;
            switch (referenced)
            {
                case ILocalSymbol or IParameterSymbol or IRangeVariableSymbol:
                case IMethodSymbol { MethodKind: MethodKind.LocalFunction }:
                case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method }:
                    return false;
                case { IsStatic: false, Kind: SymbolKind.Field or SymbolKind.Property or SymbolKind.Method or SymbolKind.Event }
                    when referenced is not IMethodSymbol { MethodKind: MethodKind.Constructor }:
                    return false; // this.Member implied
            }
        }
        return true;
    }

    private static bool IsQualified(SimpleNameSyntax name)
        => name.Parent is MemberAccessExpressionSyntax access && access.Name == name
           || name.Parent is MemberBindingExpressionSyntax
           || name.Parent is QualifiedNameSyntax qualified && qualified.Right == name;

    private static bool InitializesMember(SimpleNameSyntax name)
        => name.Parent is AssignmentExpressionSyntax assignment && assignment.Left == name
           && assignment.Parent is InitializerExpressionSyntax initializer
           && (initializer.IsKind(SyntaxKind.ObjectInitializerExpression) || initializer.IsKind(SyntaxKind.WithInitializerExpression));

    private static async Task<Document> MoveAsync(Document document, LocalFunctionStatementSyntax function, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
            return document;
        return await MoveAnnotatedAsync(document.WithSyntaxRoot(root.ReplaceNode(function, function.WithAdditionalAnnotations(Pending))), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
            return null;
        var functions = diagnostics
            .Select(d => root.FindToken(d.Location.SourceSpan.Start).Parent)
            .OfType<LocalFunctionStatementSyntax>()
            .ToList();
        if (functions.Count == 0)
            return null;
        root = root.ReplaceNodes(functions, (_, current) => current.WithAdditionalAnnotations(Pending));
        return await MoveAnnotatedAsync(document.WithSyntaxRoot(root), context.CancellationToken).ConfigureAwait(false);
    }

    // Moves the annotated local functions one at a time (each move changes the tree the next one is planned on).
    private static async Task<Document> MoveAnnotatedAsync(Document document, CancellationToken cancellationToken)
    {
        while (true)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            var function = root?.GetAnnotatedNodes(Pending).OfType<LocalFunctionStatementSyntax>().FirstOrDefault();
            if (root is null || model is null || function is null)
                return document;
            var plan = Plan(function, model, cancellationToken);
            if (plan is null)
            {
                document = document.WithSyntaxRoot(root.ReplaceNode(function, function.WithoutAnnotations(Pending)));
                continue;
            }
            document = document.WithSyntaxRoot(plan.Type is null
                ? MoveToStaticClass(root, function, plan.Function, model, plan.ClassName!, cancellationToken)
                : MoveIntoType(root, function, plan.Type));
        }
    }

    private static SyntaxNode MoveIntoType(SyntaxNode root, LocalFunctionStatementSyntax function, TypeDeclarationSyntax type)
    {
        var member = type.Members.First(m => m.Span.Contains(function.Span));
        var eol = SyntaxEdits.EndOfLine(root);
        var method = ToMethod(function, function.GetLeadingTrivia(), eol);
        method = method.WithLeadingTrivia(method.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol))); // a blank line between members
        var tracked = root.TrackNodes(function, member);
        tracked = tracked.RemoveNode(tracked.GetCurrentNode(function)!, SyntaxRemoveOptions.KeepNoTrivia)!;
        return tracked.InsertNodesAfter(tracked.GetCurrentNode(member)!, new[] { method });
    }

    private static SyntaxNode MoveToStaticClass(SyntaxNode root, LocalFunctionStatementSyntax function, IMethodSymbol symbol, SemanticModel model, string className, CancellationToken cancellationToken)
    {
        var statement = function.FirstAncestorOrSelf<GlobalStatementSyntax>()!;
        // Calls and method groups outside the function now name the class; its own recursive calls keep the simple name.
        var references = root.DescendantNodes()
            .OfType<SimpleNameSyntax>()
            .Where(n => n.Identifier.ValueText == symbol.Name && !function.Span.Contains(n.Span) && !IsQualified(n)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol?.OriginalDefinition, symbol))
            .ToList();
        var eol = SyntaxEdits.EndOfLine(root);
        var method = ToMethod(function, statement.GetLeadingTrivia(), eol);
        var unit = (CompilationUnitSyntax)root.TrackNodes(references.Cast<SyntaxNode>().Append(statement));
        unit = unit.ReplaceNodes(references.Select(r => unit.GetCurrentNode(r)!), (original, _) => SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(className), original.WithoutTrivia())
            .WithTriviaFrom(original));
        unit = unit.RemoveNode(unit.GetCurrentNode(statement)!, SyntaxRemoveOptions.KeepNoTrivia)!;
        if (OwnClass(unit, className) is { } existing)
            return unit.ReplaceNode(existing, existing.AddMembers(method.WithLeadingTrivia(method.GetLeadingTrivia().Insert(0, SyntaxFactory.EndOfLine(eol)))));
        var newClass = SyntaxFactory.ClassDeclaration(className)
            .WithLeadingTrivia(SyntaxFactory.EndOfLine(eol))
            .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.InternalKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword)))
            .AddMembers(method)
            .WithAdditionalAnnotations(Formatter.Annotation);
        // The class ends the file: it ends as the file did (with a line break or without).
        if (root.ToFullString().EndsWith("\n", System.StringComparison.Ordinal))
            newClass = newClass.WithTrailingTrivia(SyntaxFactory.EndOfLine(eol));
        return unit.AddMembers(newClass);
    }

    /// <summary>The local function as an <c>internal static</c> method: attributes, type parameters, constraints and body kept.</summary>
    private static MethodDeclarationSyntax ToMethod(LocalFunctionStatementSyntax function, SyntaxTriviaList leading, string eol)
    {
        // Comments above the function go with it (the indentation is the formatter's).
        var comments = SyntaxFactory.TriviaList(leading.Where(t => !t.IsKind(SyntaxKind.WhitespaceTrivia) && !t.IsKind(SyntaxKind.EndOfLineTrivia)
            || t.IsKind(SyntaxKind.EndOfLineTrivia)).SkipWhile(t => t.IsKind(SyntaxKind.EndOfLineTrivia)));
        var kept = function.Modifiers.Where(m => m.IsKind(SyntaxKind.AsyncKeyword) || m.IsKind(SyntaxKind.UnsafeKeyword) || m.IsKind(SyntaxKind.ExternKeyword))
            .Select(m => m.WithoutTrivia());
        var modifiers = SyntaxFactory.TokenList(new[] { SyntaxFactory.Token(SyntaxKind.InternalKeyword), SyntaxFactory.Token(SyntaxKind.StaticKeyword) }.Concat(kept));
        return SyntaxFactory.MethodDeclaration(
                function.AttributeLists.Select(a => a.WithoutLeadingTrivia()).Aggregate(default(SyntaxList<AttributeListSyntax>), (list, a) => list.Add(a)),
                modifiers,
                function.ReturnType.WithoutTrivia(),
                explicitInterfaceSpecifier: null,
                function.Identifier.WithoutTrivia(),
                function.TypeParameterList,
                function.ParameterList,
                function.ConstraintClauses,
                function.Body,
                function.ExpressionBody,
                function.SemicolonToken)
            .WithLeadingTrivia(comments)
            .WithTrailingTrivia(SyntaxFactory.EndOfLine(eol))
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
