using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// Where gradient recording is off: <c>torch.no_grad()</c>, <c>torch.inference_mode()</c> (not <c>false</c>),
/// <c>torch.set_grad_enabled(false)</c>, as a <c>using</c> scope or (for set_grad_enabled) a plain call.
/// </summary>
internal static class GradientScopes
{
    private static readonly string[] ScopeNames = { "no_grad", "inference_mode", "set_grad_enabled" };

    public static bool DisablesGradients(IOperation operation, TorchSharpSymbols torch)
    {
        if (operation is not IInvocationOperation invocation || !SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, torch.Torch))
        {
            return false;
        }

        var firstArgument = invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.ConstantValue : default;
        return invocation.TargetMethod.Name switch
        {
            "no_grad" => true,
            "inference_mode" => !(firstArgument.HasValue && firstArgument.Value is false),
            "set_grad_enabled" => firstArgument.HasValue && firstArgument.Value is false,
            _ => false,
        };
    }

    /// <summary>True when the operation runs with gradients off, as far as its own method shows.</summary>
    public static bool IsGradientFree(IOperation operation, TorchSharpSymbols torch)
    {
        if (UsingScopes.IsInside(operation, r => DisablesGradients(r, torch)))
        {
            return true;
        }

        // torch.set_grad_enabled(false) called as a statement earlier in the same method.
        var root = operation;
        while (root.Parent is not null)
        {
            root = root.Parent;
        }

        foreach (var descendant in OperationTree.Descendants(root))
        {
            if (descendant is IInvocationOperation { TargetMethod.Name: "set_grad_enabled" } call
                && call.Parent is IExpressionStatementOperation
                && call.Syntax.SpanStart < operation.Syntax.SpanStart
                && DisablesGradients(call, torch))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Names of methods called somewhere in the compilation inside a no-grad <c>using</c> scope. A syntax-only
    /// scan, made once per compilation: an evaluation method its callers already wrap must stay silent.
    /// </summary>
    public static ImmutableHashSet<string> NamesCalledWithoutGradients(Compilation compilation)
    {
        var names = ImmutableHashSet.CreateBuilder<string>();
        foreach (var tree in compilation.SyntaxTrees)
        {
            var root = tree.GetRoot();
            foreach (var node in root.DescendantNodes())
            {
                switch (node)
                {
                    case UsingStatementSyntax usingStatement when MentionsScope(usingStatement.Expression) || MentionsScope(usingStatement.Declaration):
                        AddInvokedNames(usingStatement.Statement, names);
                        break;
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } declaration
                        when MentionsScope(declaration.Declaration) && declaration.Parent is BlockSyntax block:
                        foreach (var following in block.Statements.SkipWhile(s => s != declaration).Skip(1))
                        {
                            AddInvokedNames(following, names);
                        }

                        break;
                }
            }
        }

        return names.ToImmutable();
    }

    private static bool MentionsScope(SyntaxNode? node)
    {
        if (node is null)
        {
            return false;
        }

        var text = node.ToString();
        return ScopeNames.Any(text.Contains);
    }

    private static void AddInvokedNames(SyntaxNode? scope, ImmutableHashSet<string>.Builder names)
    {
        if (scope is null)
        {
            return;
        }

        foreach (var invocation in scope.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            if (name is not null)
            {
                names.Add(name);
            }
        }
    }
}
