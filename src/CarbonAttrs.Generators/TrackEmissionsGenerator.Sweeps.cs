using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using CarbonAttrs.Analyzers.Training;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The sweep half of the inventory: the analyzers' sweep detection (<see cref="SweepInventory"/>, linked in from
    /// CarbonAttrs.Analyzers) run over the compilation, reduced to plain <see cref="SweepEntry"/> data. Sweep detection
    /// follows calls across files, so this step reads the whole compilation; it returns at once when no training can be
    /// recognised (no TorchSharp, no configured step methods), and its equatable result keeps the emit step cached.
    /// </summary>
    internal static class SweepParser
    {
        public static EquatableArray<SweepEntry> Parse(Compilation compilation, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
        {
            ImmutableArray<SweepRecord> records;
            try
            {
                records = SweepInventory.Collect(compilation, options, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An inventory without sweeps is a smaller report, never a broken build.
                return EquatableArray<SweepEntry>.Empty;
            }

            options.GlobalOptions.TryGetValue("build_property.ProjectDir", out var projectDir);
            var entries = new List<SweepEntry>();
            foreach (var record in records)
            {
                // Nested sweeps are counted in their outer sweep's size; a sweep that trains inline has no method whose
                // measured runs could be multiplied (CARB001 asks to move the run into a [TrackEmissions] method).
                if (record.NestingDepth != 0 || record.TrainingMethod is null)
                    continue;
                var description = record.LoopKind + (record.Size is null ? ", size unknown" : ", " + record.SizeExpression);
                entries.Add(new SweepEntry(record.TrainingMethod, RelativeFile(record.FilePath, projectDir), record.Line, record.Size, description));
            }
            // Source order, whatever order the detection walked the trees in: the output is the same on every machine.
            return entries.OrderBy(e => e.File, StringComparer.Ordinal).ThenBy(e => e.Line).ToEquatableArray();
        }

        /// <summary>The sweeps' methods by their ledger names: a tracked method's <c>Name</c>, else its qualified name.</summary>
        public static InventoryModel Combine(ImmutableArray<InventoryEntry> methods, EquatableArray<SweepEntry> sweeps)
        {
            var ledgerNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var method in methods)
            {
                if (!ledgerNames.ContainsKey(method.QualifiedName))
                    ledgerNames.Add(method.QualifiedName, method.Name);
            }
            var named = sweeps.Select(s => ledgerNames.TryGetValue(s.Method, out var name) ? s with { Method = name } : s);
            return new InventoryModel(methods.ToEquatableArray(), named.ToEquatableArray());
        }

        /// <summary>Relative to the project folder with '/' (the same on every machine), else the file name.</summary>
        private static string RelativeFile(string path, string? projectDir)
        {
            if (!string.IsNullOrEmpty(projectDir))
            {
                var root = projectDir!.Replace('\\', '/').TrimEnd('/') + "/";
                var file = path.Replace('\\', '/');
                if (file.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                    return file.Substring(root.Length);
            }
            return Path.GetFileName(path);
        }
    }
}
