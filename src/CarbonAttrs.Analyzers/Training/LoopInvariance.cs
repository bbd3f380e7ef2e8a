using System.Collections.Generic;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// Whether an expression computes the same value on every iteration of a loop, as far as the code shows: it reads no
/// local declared in the loop (its iteration variable included) and no variable, parameter or field the loop writes.
/// Calls are allowed (a loader called with the same arguments is what a hoist is for); awaits and out-variable
/// declarations are not.
/// </summary>
internal static class LoopInvariance
{
    public static bool IsInvariant(IOperation expression, ILoopOperation loop)
    {
        var written = WrittenSymbols(loop);
        var loopSpan = loop.Syntax.Span;
        foreach (var operation in SelfAndDescendants(expression))
        {
            switch (operation)
            {
                case IAwaitOperation or IDeclarationExpressionOperation:
                    return false;
                case ILocalReferenceOperation local:
                    if (written.Contains(local.Local) || DeclaredInside(local.Local, loopSpan))
                    {
                        return false;
                    }

                    break;
                case IParameterReferenceOperation parameter when written.Contains(parameter.Parameter):
                    return false;
                case IFieldReferenceOperation field when written.Contains(field.Field.OriginalDefinition):
                    return false;
                case IPropertyReferenceOperation property when written.Contains(property.Property.OriginalDefinition):
                    return false;
            }
        }

        return true;
    }

    private static bool DeclaredInside(ILocalSymbol local, Microsoft.CodeAnalysis.Text.TextSpan loopSpan)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (loopSpan.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Locals, parameters, fields and properties assigned (or passed by ref/out) anywhere in the loop, its condition included.</summary>
    private static HashSet<ISymbol> WrittenSymbols(ILoopOperation loop)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var operation in OperationTree.Descendants(loop))
        {
            if (operation is IDeconstructionAssignmentOperation deconstruction)
            {
                foreach (var element in OperationTree.Descendants(deconstruction.Target))
                {
                    if (SymbolOf(element) is { } assigned)
                    {
                        written.Add(assigned);
                    }
                }

                continue;
            }

            var target = operation switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation increment => increment.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => argument.Value,
                _ => null,
            };
            if (target is not null && SymbolOf(OperationTree.WithoutConversions(target)) is { } symbol)
            {
                written.Add(symbol);
            }
        }

        return written;
    }

    private static ISymbol? SymbolOf(IOperation target) => target switch
    {
        ILocalReferenceOperation local => local.Local,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IFieldReferenceOperation field => field.Field.OriginalDefinition,
        IPropertyReferenceOperation property => property.Property.OriginalDefinition,
        _ => null,
    };

    private static IEnumerable<IOperation> SelfAndDescendants(IOperation operation)
    {
        yield return operation;
        foreach (var descendant in OperationTree.Descendants(operation))
        {
            yield return descendant;
        }
    }
}
