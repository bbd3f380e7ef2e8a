using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Infrastructure;

/// <summary>Small walks over operation trees shared by the rules.</summary>
internal static class OperationTree
{
    /// <summary>Every descendant of <paramref name="root"/> (not the root itself), depth first.</summary>
    public static IEnumerable<IOperation> Descendants(IOperation root)
    {
        var stack = new Stack<IOperation>();
        Push(stack, root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            Push(stack, current);
        }
    }

    /// <summary>
    /// Descendants of <paramref name="root"/> at its own loop level: nested loops are returned but not entered,
    /// so a caller sees what runs once per iteration of the loop it started from.
    /// </summary>
    public static IEnumerable<IOperation> DescendantsAtLoopLevel(IOperation root)
    {
        var stack = new Stack<IOperation>();
        Push(stack, root);
        while (stack.Count > 0)
        {
            var current = stack.Pop();
            yield return current;
            if (current is not ILoopOperation)
            {
                Push(stack, current);
            }
        }
    }

    /// <summary>
    /// What runs once per iteration of a loop with this body: the body's operations at its own loop level, or the
    /// body itself when it is a nested loop written without braces.
    /// </summary>
    public static IEnumerable<IOperation> OncePerIteration(IOperation body) =>
        body is ILoopOperation ? new[] { body } : DescendantsAtLoopLevel(body);

    public static IOperation WithoutConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The loop keyword (<c>for</c>, <c>foreach</c>, <c>while</c>, <c>do</c>) location: a short, stable span for loop diagnostics.</summary>
    public static Location LoopKeywordLocation(ILoopOperation loop) => LoopKeywordLocation(loop.Syntax);

    /// <summary>The same for a loop statement read from syntax.</summary>
    public static Location LoopKeywordLocation(SyntaxNode loop)
    {
        var first = loop.GetFirstToken();
        return first.Parent is not null && first.Span.Length > 0 ? first.GetLocation() : loop.GetLocation();
    }

    /// <summary>Enclosing loops of <paramref name="operation"/>, innermost first, stopping at the method or lambda boundary.</summary>
    public static IEnumerable<ILoopOperation> EnclosingLoops(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation or ILocalFunctionOperation or IMethodBodyOperation)
            {
                yield break;
            }

            if (current is ILoopOperation loop)
            {
                yield return loop;
            }
        }
    }

    /// <summary>True when <paramref name="operation"/> is in the body of <paramref name="loop"/> (not its collection or condition).</summary>
    public static bool IsInLoopBody(IOperation operation, ILoopOperation loop)
    {
        for (var current = operation; current is not null && current != loop; current = current.Parent)
        {
            if (current == loop.Body)
            {
                return true;
            }
        }

        return false;
    }

    private static void Push(Stack<IOperation> stack, IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
        {
            stack.Push(child);
        }
    }
}
