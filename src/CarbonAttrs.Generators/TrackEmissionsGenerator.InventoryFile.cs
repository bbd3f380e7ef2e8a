using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using CarbonAttrs.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace CarbonAttrs.Generators;

public sealed partial class TrackEmissionsGenerator
{
    /// <summary>
    /// The inventory file: the tracked methods (<see cref="Parser"/>) and the loops that run them
    /// (<see cref="TrackedLoopParser"/>), with ledger names and project-relative files. Sweeps whose training is not
    /// tracked are not searched here: CARB001 reports them, with the same data in its diagnostic properties, and the
    /// footprint runner reads them from the compiler's error log (docs/footprint.md).
    /// </summary>
    internal static class InventoryFile
    {
        /// <summary>
        /// The inventory file's content: tracked methods, and the tracked loops in source order, files relative to the
        /// project (the same on every machine), methods by their ledger names (a tracked method's <c>Name</c>, else its
        /// qualified name).
        /// </summary>
        public static InventoryModel Combine(ImmutableArray<InventoryEntry> methods, string? projectDir, ImmutableArray<MemberSweeps> trackedLoops)
        {
            var ledgerNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var method in methods)
            {
                if (!ledgerNames.ContainsKey(method.QualifiedName))
                    ledgerNames.Add(method.QualifiedName, method.Name);
            }
            var sweeps = trackedLoops.SelectMany(m => m.Sweeps)
                .Select(s => s with
                {
                    Method = ledgerNames.TryGetValue(s.Method, out var name) ? name : s.Method,
                    File = RelativeFile(s.File, projectDir),
                })
                .OrderBy(s => s.File, StringComparer.Ordinal).ThenBy(s => s.Line);
            return new InventoryModel(methods.ToEquatableArray(), sweeps.ToEquatableArray());
        }

        public static string? ProjectDirectory(AnalyzerConfigOptionsProvider options)
            => options.GlobalOptions.TryGetValue("build_property.ProjectDir", out var dir) && !string.IsNullOrEmpty(dir) ? dir : null;

        /// <summary>Relative to the project folder with '/', else the file name.</summary>
        private static string RelativeFile(string path, string? projectDir)
        {
            if (projectDir is not null)
            {
                var root = projectDir.Replace('\\', '/').TrimEnd('/') + "/";
                var file = path.Replace('\\', '/');
                if (file.StartsWith(root, StringComparison.OrdinalIgnoreCase))
                    return file.Substring(root.Length);
            }
            return Path.GetFileName(path);
        }

        /// <summary>Options for a step that reads none (the tracked-loop step counts iterations without the project's options).</summary>
        internal static AnalyzerConfigOptionsProvider NoOptionsProvider => NoOptions.Instance;

        /// <summary>No options: iteration counts and call-graph depth do not depend on the project's settings.</summary>
        private sealed class NoOptions : AnalyzerConfigOptionsProvider
        {
            public static readonly NoOptions Instance = new();

            public override AnalyzerConfigOptions GlobalOptions => Empty.Instance;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Empty.Instance;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Empty.Instance;

            private sealed class Empty : AnalyzerConfigOptions
            {
                public static readonly Empty Instance = new();

                public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
                {
                    value = null;
                    return false;
                }
            }
        }
    }
}
