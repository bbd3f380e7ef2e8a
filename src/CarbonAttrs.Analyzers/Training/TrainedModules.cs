using System.Linq;
using System.Threading;
using CarbonAttrs.Analyzers.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Analyzers.Training;

/// <summary>
/// Whether a <c>Module</c> subclass of this compilation is trained: constructed (<c>new T(...)</c>) in a method
/// that runs training. Syntax narrows the search to creations naming the type; binding confirms it.
/// </summary>
internal static class TrainedModules
{
    public static bool IsTrained(INamedTypeSymbol moduleType, TrainingModel model, CancellationToken cancellationToken)
    {
        foreach (var tree in model.Compilation.SyntaxTrees)
        {
            foreach (var creation in tree.GetRoot(cancellationToken).DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
            {
                var typeName = creation.Type switch
                {
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => null,
                };
                if (typeName != moduleType.Name)
                {
                    continue;
                }

                var semanticModel = model.GetSemanticModel(tree);
                if (semanticModel?.GetOperation(creation, cancellationToken) is not IObjectCreationOperation operation
                    || !SymbolEqualityComparer.Default.Equals(operation.Type?.OriginalDefinition, moduleType.OriginalDefinition))
                {
                    continue;
                }

                var method = SymbolFacts.ContainingMethod(semanticModel.GetEnclosingSymbol(creation.SpanStart, cancellationToken));
                if (method is not null && model.RunsTraining(method))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
