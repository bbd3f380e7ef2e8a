using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The semantic models every binding step of the generator uses: one per (compilation, tree), with nullable analysis
    /// off, so a member bound for a call site is not bound again for its loops or as a callee of a sweep.
    /// <para>
    /// Why not the driver's model: with nullable enabled, the first question about a member body also runs the nullable
    /// walker over it (rewrite included), most of the binding cost, and the generator reads no flow-state nullability.
    /// What it emits comes from declared symbols (<c>OriginalDefinition</c>, parameter and return types as declared),
    /// whose annotations do not depend on that analysis.
    /// </para>
    /// </summary>
    internal static class BindingModels
    {
        private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxTree, SemanticModel>> Models = new();

        /// <summary>The shared model of <paramref name="tree"/>, a tree of <paramref name="compilation"/>.</summary>
        public static SemanticModel For(Compilation compilation, SyntaxTree tree)
        {
            var models = Models.GetValue(compilation, static _ => new ConcurrentDictionary<SyntaxTree, SemanticModel>());
            if (models.TryGetValue(tree, out var known))
                return known;
            return models.GetOrAdd(tree, t => Create(compilation, t));
        }

        private static SemanticModel Create(Compilation compilation, SyntaxTree tree)
        {
            if (!_withoutNullableMissing)
            {
                try
                {
                    return WithoutNullableAnalysis(compilation, tree);
                }
                catch (Exception ex) when (ex is MissingMethodException or MissingFieldException or TypeLoadException)
                {
                    // The option is marked experimental (RSEXPERIMENTAL001): should a later compiler drop it, bind as before.
                    _withoutNullableMissing = true;
                }
            }
#pragma warning disable RS1030 // One model per tree shared by every step (see the class comment).
            return compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
        }

        // Its own method, so a compiler without the API fails here (at JIT time), inside the caller's try.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static SemanticModel WithoutNullableAnalysis(Compilation compilation, SyntaxTree tree)
        {
#pragma warning disable RS1030, RSEXPERIMENTAL001 // Shared per tree; experimental since Roslyn 4.9 and still there in 5.x.
            return compilation.GetSemanticModel(tree, SemanticModelOptions.DisableNullableAnalysis);
#pragma warning restore RS1030, RSEXPERIMENTAL001
        }

        private static volatile bool _withoutNullableMissing;

        /// <summary>The shared model for the tree of a syntax provider's node.</summary>
        public static SemanticModel For(GeneratorSyntaxContext context) => For(context.SemanticModel.Compilation, context.Node.SyntaxTree);
    }
}
