using System;
using System.Linq;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// Counts loop iterations when compile time can: arrays and collection expressions with a fixed element
/// count, <c>Enumerable.Range(a, n)</c> with a constant <c>n</c>, <c>for</c> loops with constant start, bound
/// and step, locals and readonly fields holding such collections and never reassigned. Anything else is unknown.
/// <para>
/// Locals are read from the operation tree the loop belongs to, or, when the loop was bound on its own (the generator binds
/// a loop's header without its body or method), from the <see cref="ILoopLocals"/> given to <see cref="Count"/>.
/// </para>
/// </summary>
internal static class IterationCounter
{
    public static IterationCount Count(ILoopOperation loop, TrainingModel model, ILoopLocals? locals = null)
    {
        switch (loop)
        {
            case IForEachLoopOperation forEach:
                return CollectionSize(forEach.Collection, model, locals: locals) is { } size
                    ? IterationCount.Known(size)
                    : IterationCount.Unbounded($"'{Text(OperationTree.WithoutConversions(forEach.Collection))}' has no size known at compile time");
            case IForLoopOperation forLoop:
                return CountFor(forLoop, model, locals);
            case IWhileLoopOperation whileLoop:
                if (whileLoop.Condition is null || whileLoop.Condition.ConstantValue is { HasValue: true, Value: true })
                {
                    return IterationCount.Unbounded("'while (true)' with no cap on the number of trials");
                }

                return LoopCaps.HasIterationCap(loop)
                    ? IterationCount.Bounded("a counter caps the loop")
                    : IterationCount.Unbounded($"its condition '{Text(whileLoop.Condition)}' has no constant iteration bound");
            default:
                return IterationCount.Unbounded("the loop has no countable bound");
        }
    }

    /// <summary>The element count of a collection expression, or null when not known at compile time.</summary>
    public static long? CollectionSize(IOperation collection, TrainingModel model, int depth = 3, ILoopLocals? locals = null)
    {
        if (depth <= 0)
        {
            return null;
        }

        var operation = OperationTree.WithoutConversions(collection);
        switch (operation)
        {
            case IArrayCreationOperation array:
                if (array.Initializer is not null)
                {
                    return array.Initializer.ElementValues.Length;
                }

                return array.DimensionSizes.Length == 1 && ConstantInteger(array.DimensionSizes[0]) is { } length ? length : null;
            case ICollectionExpressionOperation collectionExpression:
                long total = 0;
                foreach (var element in collectionExpression.Elements)
                {
                    if (element is ISpreadOperation spread)
                    {
                        if (CollectionSize(spread.Operand, model, depth - 1, locals) is not { } spreadSize)
                        {
                            return null;
                        }

                        total += spreadSize;
                    }
                    else
                    {
                        total++;
                    }
                }

                return total;
            case IInvocationOperation invocation
                when invocation.TargetMethod.Name is "Range" or "Repeat"
                     && invocation.TargetMethod.ContainingType?.ToDisplayString() == "System.Linq.Enumerable"
                     && invocation.Arguments.Length == 2:
                return ConstantInteger(invocation.Arguments[1].Value) is { } count and >= 0 ? count : null;
            case IInvocationOperation invocation when model.MlNet?.CrossValidationSplitFolds(invocation) is { } folds:
                return folds;
            case ILocalReferenceOperation local when HasFixedSizeType(local.Local.Type):
                return locals is null
                    ? LocalInitializerSize(local, model, depth)
                    : locals.UnwrittenInitializer(local.Local) is { } initializer ? CollectionSize(initializer, model, depth - 1, locals) : null;
            case IFieldReferenceOperation field when field.Field.IsReadOnly && HasFixedSizeType(field.Field.Type):
                return FieldInitializerSize(field.Field, model, depth, locals);
            default:
                return null;
        }
    }

    private static IterationCount CountFor(IForLoopOperation loop, TrainingModel model, ILoopLocals? locals)
    {
        if (loop.Condition is null || loop.Condition.ConstantValue is { HasValue: true, Value: true })
        {
            return IterationCount.Unbounded("'for (;;)' with no cap on the number of trials");
        }

        if (TryCountFor(loop, model, locals) is { } count)
        {
            return IterationCount.Known(count);
        }

        return IterationCount.Unbounded($"its bound '{Text(loop.Condition)}' is not a compile-time constant");
    }

    private static long? TryCountFor(IForLoopOperation loop, TrainingModel model, ILoopLocals? locals)
    {
        if (loop.Before.Length != 1 || loop.AtLoopBottom.Length != 1)
        {
            return null;
        }

        ILocalSymbol? variable = null;
        long? start = null;
        switch (loop.Before[0])
        {
            case IVariableDeclarationGroupOperation group
                when group.Declarations.Length == 1 && group.Declarations[0].Declarators.Length == 1:
                var declarator = group.Declarations[0].Declarators[0];
                variable = declarator.Symbol;
                start = declarator.Initializer is { } init ? ConstantInteger(init.Value) : null;
                break;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }:
                variable = target.Local;
                start = ConstantInteger(assignment.Value);
                break;
        }

        if (variable is null || start is null || loop.Condition is not IBinaryOperation condition)
        {
            return null;
        }

        var step = Step(loop.AtLoopBottom[0], variable);
        if (step is null or 0 || (locals is null ? AssignedIn(loop.Body, variable) : locals.AssignedInBody(loop, variable)))
        {
            return null;
        }

        var kind = condition.OperatorKind;
        IOperation boundOperand;
        if (IsLocal(condition.LeftOperand, variable))
        {
            boundOperand = condition.RightOperand;
        }
        else if (IsLocal(condition.RightOperand, variable))
        {
            boundOperand = condition.LeftOperand;
            kind = Flip(kind);
        }
        else
        {
            return null;
        }

        var bound = ConstantInteger(boundOperand) ?? LengthOfKnownCollection(boundOperand, model, locals);
        if (bound is null)
        {
            return null;
        }

        return Iterations(start.Value, bound.Value, step.Value, kind);
    }

    internal static long? Iterations(long start, long bound, long step, BinaryOperatorKind kind)
    {
        var distance = bound - start;
        switch (kind)
        {
            case BinaryOperatorKind.LessThan when step > 0:
                return distance <= 0 ? 0 : (distance + step - 1) / step;
            case BinaryOperatorKind.LessThanOrEqual when step > 0:
                return distance < 0 ? 0 : (distance / step) + 1;
            case BinaryOperatorKind.GreaterThan when step < 0:
                return distance >= 0 ? 0 : (-distance + (-step) - 1) / (-step);
            case BinaryOperatorKind.GreaterThanOrEqual when step < 0:
                return distance > 0 ? 0 : (-distance / (-step)) + 1;
            case BinaryOperatorKind.NotEquals when distance % step == 0 && distance / step >= 0:
                return distance / step;
            default:
                return null;
        }
    }

    private static long? Step(IOperation bottom, ILocalSymbol variable)
    {
        var operation = bottom is IExpressionStatementOperation statement ? statement.Operation : bottom;
        switch (operation)
        {
            case IIncrementOrDecrementOperation increment when IsLocal(increment.Target, variable):
                return increment.Kind == OperationKind.Increment ? 1 : -1;
            case ICompoundAssignmentOperation compound when IsLocal(compound.Target, variable) && ConstantInteger(compound.Value) is { } amount:
                return compound.OperatorKind switch
                {
                    BinaryOperatorKind.Add => amount,
                    BinaryOperatorKind.Subtract => -amount,
                    _ => null,
                };
            default:
                return null;
        }
    }

    internal static BinaryOperatorKind Flip(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
        BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
        BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
        BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
        _ => kind,
    };

    private static long? LengthOfKnownCollection(IOperation operation, TrainingModel model, ILoopLocals? locals) =>
        OperationTree.WithoutConversions(operation) is IPropertyReferenceOperation { Property.Name: "Length" or "Count", Instance: { } instance }
            ? CollectionSize(instance, model, locals: locals)
            : null;

    private static long? LocalInitializerSize(ILocalReferenceOperation reference, TrainingModel model, int depth)
    {
        var root = reference;
        IOperation scope = reference;
        while (scope.Parent is not null)
        {
            scope = scope.Parent;
        }

        IOperation? initializer = null;
        foreach (var operation in OperationTree.Descendants(scope))
        {
            if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, root.Local))
            {
                initializer = declarator.Initializer?.Value;
            }
            else if (IsWriteTo(operation, root.Local))
            {
                return null;
            }
        }

        return initializer is null ? null : CollectionSize(initializer, model, depth - 1);
    }

    private static long? FieldInitializerSize(IFieldSymbol field, TrainingModel model, int depth, ILoopLocals? locals)
    {
        if (field.DeclaringSyntaxReferences.Length != 1
            || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer: { } initializer } declarator
            || AssignedInTypeSyntax(field, declarator.Identifier.ValueText))
        {
            return null;
        }

        var semanticModel = model.GetSemanticModel(declarator.SyntaxTree);
        return semanticModel?.GetOperation(initializer) is IFieldInitializerOperation fieldInitializer
            ? CollectionSize(fieldInitializer.Value, model, depth - 1, locals)
            : null;
    }

    /// <summary>A readonly field can still be assigned in a constructor; any assignment to its name makes the size unknown.</summary>
    private static bool AssignedInTypeSyntax(IFieldSymbol field, string name)
    {
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var assignment in reference.GetSyntax().DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                var left = assignment.Left is MemberAccessExpressionSyntax access ? access.Name : assignment.Left;
                if (left is IdentifierNameSyntax identifier && identifier.Identifier.ValueText == name)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Arrays, spans, immutable arrays and read-only interfaces cannot change size without reassignment.</summary>
    private static bool HasFixedSizeType(ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol)
        {
            return true;
        }

        return type is INamedTypeSymbol named
               && named.OriginalDefinition.ToDisplayString() is "System.Collections.Immutable.ImmutableArray<T>"
                   or "System.ReadOnlySpan<T>"
                   or "System.Span<T>"
                   or "System.Collections.Generic.IEnumerable<T>"
                   or "System.Collections.Generic.IReadOnlyList<T>"
                   or "System.Collections.Generic.IReadOnlyCollection<T>";
    }

    private static bool AssignedIn(IOperation? region, ILocalSymbol variable)
    {
        if (region is null)
        {
            return false;
        }

        foreach (var operation in OperationTree.Descendants(region))
        {
            if (IsWriteTo(operation, variable))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsWriteTo(IOperation operation, ILocalSymbol variable) => operation switch
    {
        IAssignmentOperation assignment => IsLocal(assignment.Target, variable)
            || (assignment is IDeconstructionAssignmentOperation && OperationTree.Descendants(assignment.Target).Any(t => IsLocal(t, variable))),
        IIncrementOrDecrementOperation increment => IsLocal(increment.Target, variable),
        IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } argument => IsLocal(argument.Value, variable),
        _ => false,
    };

    private static bool IsLocal(IOperation operation, ILocalSymbol variable) =>
        OperationTree.WithoutConversions(operation) is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, variable);

    private static long? ConstantInteger(IOperation operation)
    {
        var constant = operation.ConstantValue;
        if (!constant.HasValue || constant.Value is null)
        {
            return null;
        }

        return constant.Value switch
        {
            int i => i,
            long l => l,
            short s => s,
            byte b => b,
            uint u => u,
            ushort us => us,
            sbyte sb => sb,
            _ => null,
        };
    }

    private static string Text(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
    }
}
