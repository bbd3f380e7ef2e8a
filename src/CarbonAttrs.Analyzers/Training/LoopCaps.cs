using System.Collections.Generic;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// Whether a loop carries a cap on its iterations somewhere: a counter that changes inside the loop by a constant
/// (<c>step++</c>, <c>lr /= 10</c>) and is compared to something (<c>step &lt; maxSteps</c>, <c>if (++trial &gt;= 50) break;</c>), a time budget
/// (a comparison of <c>TimeSpan</c>/<c>DateTime</c> values) or a cancellation token. Deliberately generous:
/// any of these silences the "may never end" rules.
/// </summary>
internal static class LoopCaps
{
    public static bool HasIterationCap(ILoopOperation loop)
    {
        var changed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        var comparisons = new List<IBinaryOperation>();
        foreach (var operation in OperationTree.Descendants(loop))
        {
            switch (operation)
            {
                case IIncrementOrDecrementOperation increment when IsInteger(increment.Target) && ReferencedSymbol(increment.Target) is { } counter:
                    changed.Add(counter);
                    break;
                case ICompoundAssignmentOperation compound
                    when compound.Value.ConstantValue.HasValue && ReferencedSymbol(compound.Target) is { } counter:
                    changed.Add(counter);
                    break;
                case IBinaryOperation binary when IsComparison(binary.OperatorKind):
                    if (IsTimeOrCancellation(binary.LeftOperand) || IsTimeOrCancellation(binary.RightOperand))
                    {
                        return true;
                    }

                    comparisons.Add(binary);
                    break;
                case IPropertyReferenceOperation property when property.Property.Name == "IsCancellationRequested":
                    return true;
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "ThrowIfCancellationRequested":
                    return true;
            }
        }

        foreach (var comparison in comparisons)
        {
            if (ReferencesAny(comparison.LeftOperand, changed) || ReferencesAny(comparison.RightOperand, changed))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsComparison(BinaryOperatorKind kind) => kind is BinaryOperatorKind.LessThan
        or BinaryOperatorKind.LessThanOrEqual
        or BinaryOperatorKind.GreaterThan
        or BinaryOperatorKind.GreaterThanOrEqual
        or BinaryOperatorKind.Equals
        or BinaryOperatorKind.NotEquals;

    /// <summary>Integer types: an integer <c>++</c> is a counter, and an integer comparison a counter bound.</summary>
    public static bool IsInteger(IOperation operand) =>
        OperationTree.WithoutConversions(operand).Type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
            or SpecialType.System_Int16 or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_Byte
            or SpecialType.System_UInt16 or SpecialType.System_SByte;

    public static ISymbol? ReferencedSymbol(IOperation operation) => OperationTree.WithoutConversions(operation) switch
    {
        ILocalReferenceOperation local => local.Local,
        IFieldReferenceOperation field => field.Field,
        IParameterReferenceOperation parameter => parameter.Parameter,
        IPropertyReferenceOperation property => property.Property,
        _ => null,
    };

    private static bool ReferencesAny(IOperation operation, HashSet<ISymbol> symbols)
    {
        if (symbols.Count == 0)
        {
            return false;
        }

        if (ReferencedSymbol(operation) is { } direct && symbols.Contains(direct))
        {
            return true;
        }

        foreach (var descendant in OperationTree.Descendants(operation))
        {
            if (ReferencedSymbol(descendant) is { } symbol && symbols.Contains(symbol))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTimeOrCancellation(IOperation operation)
    {
        var type = OperationTree.WithoutConversions(operation).Type;
        return type?.Name is "TimeSpan" or "DateTime" or "DateTimeOffset" or "CancellationToken"
            && type.ContainingNamespace?.ToDisplayString() is "System" or "System.Threading";
    }
}
