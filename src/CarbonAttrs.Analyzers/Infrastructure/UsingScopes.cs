using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Infrastructure;

/// <summary>Whether an operation runs inside a <c>using</c> scope (statement or declaration) whose resource matches.</summary>
internal static class UsingScopes
{
    public static bool IsInside(IOperation operation, Func<IOperation, bool> isResource)
    {
        for (var child = operation; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IUsingOperation usingStatement when child == usingStatement.Body && Matches(usingStatement.Resources, isResource):
                    return true;
                case IBlockOperation block:
                    foreach (var statement in block.Operations)
                    {
                        if (statement == child)
                        {
                            break;
                        }

                        if (statement is IUsingDeclarationOperation declaration && Matches(declaration.DeclarationGroup, isResource))
                        {
                            return true;
                        }
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>True when some resource of a <c>using</c> (an expression or declared variables) matches.</summary>
    public static bool Matches(IOperation resources, Func<IOperation, bool> isResource)
    {
        if (resources is IVariableDeclarationGroupOperation group)
        {
            foreach (var declaration in group.Declarations)
            {
                foreach (var declarator in declaration.Declarators)
                {
                    var value = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
                    if (value is not null && isResource(OperationTree.WithoutConversions(value)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        return isResource(OperationTree.WithoutConversions(resources));
    }
}
