using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The syntax reading of a compilation, one tree per task (<see cref="Concurrently"/>), each result kept per tree
    /// object: a tree is read once per version however many compilations contain it, so an edit re-reads the edited tree
    /// only (what a per-tree pipeline step gave, without the driver running the trees one after another).
    /// </summary>
    internal static class TreeReading
    {
        private static readonly ConditionalWeakTable<SyntaxTree, TreeIndex> Indexes = new();

        // Per index, the facts read for the last name set (the same set for every tree of one compilation).
        private static readonly ConditionalWeakTable<TreeIndex, StrongBox<FactsFor?>> Facts = new();

        /// <summary>The text index of every tree of <paramref name="compilation"/>, in the compilation's order.</summary>
        public static ImmutableArray<TreeIndex> IndexesOf(Compilation compilation, CancellationToken cancellationToken)
            => Concurrently.Map(compilation.SyntaxTrees.ToImmutableArray(), static tree => tree, compilation.Options.ConcurrentBuild,
                static (tree, cancellationToken) => IndexOf(tree, cancellationToken), cancellationToken);

        /// <summary>The index of one tree (read now if no step has read it).</summary>
        public static TreeIndex IndexOf(SyntaxTree tree, CancellationToken cancellationToken)
            => Indexes.GetValue(tree, t => TreeIndex.Read(t, cancellationToken));

        /// <summary>The facts of every tree for <paramref name="names"/>, in the order of <paramref name="indexes"/>.</summary>
        public static ImmutableArray<TreeFacts> FactsOf(ImmutableArray<TreeIndex> indexes, TrackedNameSet names, bool concurrent, CancellationToken cancellationToken)
            => Concurrently.Map(indexes, static index => index.Tree!, concurrent, (index, cancellationToken) =>
            {
                var box = Facts.GetValue(index, static _ => new StrongBox<FactsFor?>());
                // One reference read and one reference write: another compilation's thread may replace the pair meanwhile.
                if (box.Value is { } known && known.Names.Equals(names))
                    return known.Facts;
                var facts = TreeFacts.Read(index, names, cancellationToken);
                box.Value = new FactsFor(names, facts);
                return facts;
            }, cancellationToken);

        /// <summary>
        /// Arrays equal when they hold the same objects in the same order: what the per-tree steps compared, so a compilation
        /// whose trees are all unchanged leaves the steps after the reading cached.
        /// </summary>
        internal sealed class SameItems<T> : IEqualityComparer<ImmutableArray<T>> where T : class
        {
            public static readonly SameItems<T> Instance = new();

            public bool Equals(ImmutableArray<T> x, ImmutableArray<T> y)
            {
                if (x.Length != y.Length)
                    return false;
                for (var i = 0; i < x.Length; i++)
                {
                    if (!ReferenceEquals(x[i], y[i]))
                        return false;
                }
                return true;
            }

            public int GetHashCode(ImmutableArray<T> items) => items.Length;
        }

        /// <summary>The facts of one tree and the names they were read for (immutable: swapped whole).</summary>
        private sealed record FactsFor(TrackedNameSet Names, TreeFacts Facts);
    }
}
