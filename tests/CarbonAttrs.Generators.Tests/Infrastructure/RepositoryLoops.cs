using CarbonAttrs.Analyzers.Training;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace CarbonAttrs.Generators.Tests.Infrastructure;

/// <summary>
/// The loops of a test's source and of every C# file of this repository (each file compiled on its own), for tests that
/// hold a syntax-only reading of loop headers to what binding the loop gives.
/// </summary>
internal static class RepositoryLoops
{
    /// <summary>A loop, where it is, and its semantic model.</summary>
    internal sealed record Loop(string File, StatementSyntax Syntax, SemanticModel Model)
    {
        /// <summary>The loop's count as the generator's binding path finds it (<c>IterationCounter</c> on the bound loop).</summary>
        public IterationCount BoundCount()
        {
            var bound = Assert.IsAssignableFrom<ILoopOperation>(Model.GetOperation(Syntax));
            return IterationCounter.Count(bound, TrackEmissionsGenerator.LoopRunFinder.CountingModel(Model.Compilation),
                new TrackEmissionsGenerator.LoopLocals(Syntax, Model, CancellationToken.None));
        }

        public override string ToString() => $"{File}: '{Syntax.ToString().Split('\n')[0]}'";
    }

    public static IEnumerable<Loop> Of(string source)
    {
        foreach (var file in RepositoryFiles.CSharpFiles().Prepend("(source)"))
        {
            var compilation = GeneratorHarness.CreateCompilation(file == "(source)" ? source : File.ReadAllText(file));
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            foreach (var loop in tree.GetRoot().DescendantNodes().OfType<StatementSyntax>().Where(TrackEmissionsGenerator.TrackedLoopParser.IsLoop))
                yield return new Loop(file, loop, model);
        }
    }
}
