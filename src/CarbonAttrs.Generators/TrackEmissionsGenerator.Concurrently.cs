using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The reading and binding steps run over all their items at once, one syntax tree per task, as the compiler binds
    /// method bodies: in parallel unless the compilation asks for a single-threaded build
    /// (<see cref="CompilationOptions.ConcurrentBuild"/>).
    /// <para>
    /// Why batch: the driver runs a step's items one after another. A binding step's per-item <c>Select</c> with the
    /// compilation ran again for every item at every compilation anyway, so batching loses no caching; the reading keeps
    /// its results per tree object itself (<see cref="TreeReading"/>). One tree per task: a member's semantic
    /// model is shared by the steps (<see cref="BindingModels"/>), and two tasks binding one member would both bind it.
    /// </para>
    /// </summary>
    internal static class Concurrently
    {
        public static ImmutableArray<TResult> Map<TItem, TResult>(ImmutableArray<TItem> items, Func<TItem, SyntaxTree> treeOf,
            Compilation compilation, Func<TItem, Compilation, CancellationToken, TResult> map, CancellationToken cancellationToken)
            => Map(items, treeOf, compilation.Options.ConcurrentBuild, (item, token) => map(item, compilation, token), cancellationToken);

        /// <summary>The same with the choice made by the caller (<paramref name="concurrent"/>: the compilation's <see cref="CompilationOptions.ConcurrentBuild"/>).</summary>
        public static ImmutableArray<TResult> Map<TItem, TResult>(ImmutableArray<TItem> items, Func<TItem, SyntaxTree> treeOf,
            bool concurrent, Func<TItem, CancellationToken, TResult> map, CancellationToken cancellationToken)
        {
            var results = new TResult[items.Length];
            var groups = Enumerable.Range(0, items.Length).GroupBy(i => treeOf(items[i])).Select(g => g.ToArray()).ToArray();
            void Run(int[] group)
            {
                foreach (var i in group)
                    results[i] = map(items[i], cancellationToken);
            }

            if (concurrent && groups.Length > 1)
            {
                // Largest groups first, so one long tree does not start last.
                Array.Sort(groups, static (a, b) => b.Length.CompareTo(a.Length));
                try
                {
                    Parallel.ForEach(groups, new ParallelOptions { CancellationToken = cancellationToken }, Run);
                }
                catch (AggregateException ex) when (ex.InnerExceptions.Count == 1)
                {
                    // The exception a single-threaded run would throw, so the driver reports the same failure either way.
                    ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
                }
            }
            else
            {
                foreach (var group in groups)
                    Run(group);
            }
            return ImmutableArray.Create(results);
        }
    }
}
