using System.Collections.Immutable;
using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using static CarbonAttrs.Generators.TrackEmissionsGenerator;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The tracked-loop search binds only the calls that can reach a tracked method and each loop's header on its own
/// (<see cref="LoopRunFinder"/>, <see cref="LoopLocals"/>). It must find exactly what binding whole members finds
/// (<see cref="OperationLoopOracle"/>, the search before session 7): the same loops, tracked methods, sizes and
/// descriptions, on shapes chosen to reach every branch: locals read and written in every way, loop variables written in
/// the body, helpers, lambdas, local functions, queries, extension and generic methods, top-level statements.
/// </summary>
public sealed class LoopRunFinderTests
{
    internal const string Library = """
        using System;
        using System.Collections.Generic;
        using System.Collections.Immutable;
        using System.Linq;
        using CarbonAttrs;

        public static class Lab
        {
            private static readonly int[] Seeds = { 1, 2, 3 };
            private static readonly int[] Changed = { 1, 2 };
            private static int[] _notReadonly = { 1, 2 };
            static Lab() { Changed = new[] { 1 }; }

            [TrackEmissions(Name = "lab.fit")] public static int Fit(int seed) => seed;
            [TrackEmissions] public static int Other(int seed) => seed;
            [TrackEmissions] public static T Generic<T>(T value) => value;
            [TrackEmissions] public static int FitExt(this int seed) => seed;

            public static void Grid()
            {
                foreach (var lr in new[] { 0.01, 0.1, 1.0 })
                    foreach (var hidden in new[] { 16, 32 })
                        Fit((int)(lr * hidden));
            }

            public static void Locals()
            {
                var lrs = new[] { 1, 2, 3 };
                foreach (var lr in lrs) Fit(lr);
                int[] inline = { 4, 5 };
                for (var i = 0; i < inline.Length; i++) Fit(inline[i]);
                var rewritten = new[] { 1, 2 };
                rewritten = new[] { 1 };
                foreach (var x in rewritten) Fit(x);
                var byRef = new[] { 1, 2 };
                Touch(ref byRef);
                foreach (var x in byRef) Fit(x);
                var (a, b) = (new[] { 1 }, new[] { 2, 3 });
                foreach (var x in b) Fit(x);
                int[] swapped = { 1, 2 }, other = { 3 };
                (swapped, other) = (other, swapped);
                foreach (var x in swapped) Fit(x);
                var copy = lrs;
                foreach (var x in copy) Fit(x);
                ImmutableArray<int> immutable = ImmutableArray.Create(1, 2);
                foreach (var x in immutable) Fit(x);
                using var scope = new Scope();
                int[] spread = [.. new[] { 1, 2, 3 }, 9];
                foreach (var x in spread) Fit(x);
                IEnumerable<int> list = new List<int> { 1, 2 };
                foreach (var x in list) Fit(x);
                var lambdaWritten = new[] { 1, 2 };
                foreach (var x in lambdaWritten) Fit(x);
                Action later = () => { lambdaWritten = new[] { 1 }; };
            }

            public static void Fors()
            {
                const int N = 4;
                for (var i = 0; i < N; i++) Fit(i);
                for (int i = 10; i > 0; i -= 2) Fit(i);
                for (int i = 0; i <= 6; i += 3) { Fit(i); }
                for (var i = 0; i < 5; i++) { Fit(i); i++; }
                for (var i = 0; i < 5; i++) { Fit(i); Bump(ref i); }
                for (var i = 0; i < 5; i++) { Fit(i); (i, _) = (i + 1, 0); }
                for (var i = 0; i < 5; i++) { Fit(i); Func<int> f = () => i++; }
                int k;
                for (k = 0; k < 3; k++) Fit(k);
                for (var i = 0; i != 8; i += 2) Fit(i);
                for (var i = 0; i < Seeds.Length; i++) Fit(i);
                for (var i = 0; i < Changed.Length; i++) Fit(i);
                for (var i = 0; i < _notReadonly.Length; i++) Fit(i);
                for (var i = 0; ; i++) { Fit(i); break; }
                for (var i = 0; i < 3; i++)
                    for (var j = 0; j < 2; j++)
                        for (var m = 0; m < 2; m++) Fit(i + j + m);
            }

            public static void Kinds(List<int> seeds, int? maybe)
            {
                foreach (var s in Enumerable.Range(0, 5)) Fit(s);
                foreach (var s in Enumerable.Repeat(7, 2)) { Fit(s); Fit(-s); }
                foreach (var s in seeds) Fit(s);
                while (seeds.Count > 0) { Fit(seeds[0]); seeds.RemoveAt(0); }
                do { Fit(1); } while (maybe is null);
                foreach (var s in new[] { 1, 2 }) { Fit(s); Other(s); }
                foreach (var s in new[] { 1, 2 }) { Other(s); Fit(s); }
                foreach (var s in new[] { 1, 2 }) s.FitExt();
                foreach (var s in new[] { 1, 2 }) Generic(s);
                foreach (var s in new[] { 1, 2 }) Generic<long>(s);
                foreach (var s in new[] { 1, 2, 3 }) switch (s) { case 1: Fit(s); break; default: Fit(-s); Fit(s); break; }
                foreach (var s in new[] { 1, 2 }) { if (s > 1) Fit(s); else Fit(-s); }
                foreach (var s in from x in Seeds select Fit(x)) { }
                foreach (var s in new[] { 1, 2 }) { var q = from x in Seeds select Fit(x); }
                foreach (var s in new[] { 1, 2 }) { var q = from x in Make(s) select x; }
                foreach (var s in new[] { 1, 2 }) { Action a = () => Fit(s); }
                foreach (var s in new[] { 1, 2 }) { Local(s); int Local(int v) => Fit(v); }
                foreach (var s in new[] { 1, 2 }) Fit(Fit(s));
                foreach (var s in new[] { 1, 2 }) Console.WriteLine(s);
                foreach (var s in new[] { 1, 2 }) { try { Fit(s); } finally { Fit(0); } }
                foreach (var s in new[] { 1, 2, 3, 4 }) Helpers.Twice(s);
                foreach (var s in new[] { 1, 2 }) Helpers.Deep1(s);
                foreach (var s in new[] { 1, 2 }) Helpers.TooDeep1(s);
                foreach (var s in new[] { 1, 2 }) Helpers.Recursive(s);
                foreach (var s in new[] { 1, 2 }) new Instance().Run(s);
                foreach (var s in new[] { 1, 2 }) ((Instance?)null)?.Run(s);
                foreach (var s in new[] { 1, 2 }) Helpers.Looping(s);
                foreach (var s in new[] { 1, 2 }) Helpers.Partial(s);
                foreach (var s in new[] { 1, 2 }) Helpers.Mixed(s);
                label: foreach (var s in new[] { 1, 2 }) Fit(s);
            }

            public static void Overloads(Instance instance, Func<int, int> fitter)
            {
                foreach (var s in new[] { 1, 2 }) Over.Fit2(s);
                foreach (var s in new[] { 1, 2, 3 }) Over.Fit2("x");
                foreach (var s in new[] { 1, 2 }) Helpers.Optional(s);
                foreach (var s in new[] { 1, 2 }) Helpers.Optional(s, times: 2);
                foreach (var s in new[] { 1, 2 }) Helpers.Many(s, 1, 2, 3);
                foreach (var s in new[] { 1, 2 }) fitter(s);
                foreach (var s in new[] { 1, 2 }) instance.Run(s);
                foreach (var s in new[] { 1, 2, 3 }) instance.Run("by extension");
                foreach (var s in new[] { 1, 2 }) instance.Twice(s);
                foreach (var s in new[] { 1, 2, 3 }) Lab.Fit(s, "named");
            }

            public static int Fit(int seed, string note) => Other(seed);

            private static int[] Make(int s) => new[] { Fit(s) };
            private static void Touch(ref int[] values) { }
            private static void Bump(ref int value) { }
        }

        public sealed class Scope : IDisposable { public void Dispose() { } }

        public sealed class Instance
        {
            public Instance() { for (var i = 0; i < 2; i++) Lab.Fit(i); }
            public int Count { get { var total = 0; foreach (var s in new[] { 1, 2, 3 }) total += Lab.Fit(s); return total; } }
            public void Run(int s) => Lab.Fit(s);
        }

        public static class Over
        {
            public static void Fit2(int a) => Lab.Fit(a);
            public static void Fit2(string s) => Lab.Other(0);
        }

        public static class InstanceExtensions
        {
            public static void Run(this Instance instance, string s) => Lab.Other(0);
            public static void Twice(this Instance instance, int s) { Lab.Fit(s); Lab.Fit(s); }
        }

        public static partial class Helpers
        {
            public static void Optional(int s, int times = 1) => Lab.Fit(s);
            public static void Many(int s, params int[] more) => Lab.Fit(s);
            public static void Twice(int s) { Lab.Fit(s); Lab.Fit(-s); }
            public static void Deep1(int s) => Deep2(s);
            private static void Deep2(int s) => Deep3(s);
            private static void Deep3(int s) => Lab.Fit(s);
            public static void TooDeep1(int s) => TooDeep2(s);
            private static void TooDeep2(int s) => TooDeep3(s);
            private static void TooDeep3(int s) => TooDeep4(s);
            private static void TooDeep4(int s) => TooDeep5(s);
            private static void TooDeep5(int s) => Lab.Fit(s);
            public static void Recursive(int s) { if (s > 0) Recursive(s - 1); Lab.Fit(s); }
            public static void Looping(int s) { for (var e = 0; e < 3; e++) Lab.Fit(e); }
            public static partial void Partial(int s);
            public static partial void Partial(int s) { Lab.Fit(s); Lab.Fit(s); }
            public static void Mixed(int s) { Lab.Other(s); Lab.Fit(s); }
        }
        """;

    internal const string TopLevel = """
        using System.Linq;

        var grid = new[] { 1, 2, 3 };
        foreach (var g in grid)
            Lab.Fit(g);
        for (var i = 0; i < grid.Length; i++)
            Helpers.Twice(i);
        grid = new[] { 1 };
        static void NotTopLevel() { foreach (var s in new[] { 1, 2 }) Lab.Fit(s); }
        for (var epoch = 0; epoch < 2; epoch++)
            Epoch(epoch);
        static void Epoch(int epoch) => Lab.Fit(epoch);
        """;

    [Fact]
    public void Binding_headers_and_calls_alone_finds_what_binding_whole_members_finds()
    {
        var (actual, expected) = BothWays(Library, TopLevel);

        Assert.Equal(expected, actual);
        // Not vacuous: the shapes reach known sizes through locals and constants, unknown ones through writes, and helpers.
        Assert.True(actual.Count >= 60, $"only {actual.Count} loops found");
        Assert.Contains(actual, l => l.Description == "foreach, 3" && l.Method == "lab.fit");
        Assert.Contains(actual, l => l.Description == "for, 3 \u00d7 2 \u00d7 2");
        Assert.Contains(actual, l => l.Description == "foreach, 4 \u00d7 (1 + 1)");
        Assert.Contains(actual, l => l.Description == "for, size unknown");
        Assert.Contains(actual, l => l.Method == "Lab.Other");
        Assert.Contains(actual, l => (l.File, l.Line, l.Description) == ("File1.cs", 4, "foreach, size unknown")); // 'grid' is written later
    }

    [Fact]
    public void Every_local_rule_decides_as_the_operation_tree_does()
    {
        var loops = BothWays(Library, TopLevel).Actual.Where(l => l.File == "File0.cs").ToDictionary(l => l.Line);
        string At(string text) => loops[LineOf(Library, text)].Description;

        Assert.Equal("foreach, 3", At("foreach (var lr in lrs)"));
        Assert.Equal("for, 2", At("i < inline.Length"));
        Assert.Equal("foreach, size unknown", At("foreach (var x in rewritten)"));
        Assert.Equal("foreach, size unknown", At("foreach (var x in byRef)"));
        Assert.Equal("foreach, size unknown", At("foreach (var x in swapped)"));
        Assert.Equal("foreach, size unknown", At("foreach (var x in lambdaWritten)"));
        Assert.Equal("foreach, 3", At("foreach (var x in copy)"));
        Assert.Equal("foreach, 4", At("foreach (var x in spread)"));
        Assert.Equal("for, 4", At("i < N; i++"));
        Assert.Equal("for, 5", At("i > 0; i -= 2"));
        Assert.Equal("for, size unknown", At("Fit(i); i++; }"));
        Assert.Equal("for, size unknown", At("Bump(ref i)"));
        Assert.Equal("for, size unknown", At("(i, _) = (i + 1, 0)"));
        Assert.Equal("for, size unknown", At("() => i++"));
        Assert.Equal("for, 3", At("for (k = 0; k < 3; k++)"));
        Assert.Equal("for, 3", At("i < Seeds.Length"));
        Assert.Equal("for, size unknown", At("i < Changed.Length"));
        Assert.Equal("foreach, 5", At("Enumerable.Range(0, 5)"));
        Assert.Equal("foreach, 2 \u00d7 (1 + 1)", At("Enumerable.Repeat(7, 2)"));

        // Overloads, an instance method next to an extension of the same name, a second signature: the bound call decides.
        string MethodAt(string text) => loops[LineOf(Library, text)].Method;
        Assert.Equal(("lab.fit", "Lab.Other", "Lab.Other", "Lab.Other"),
            (MethodAt("Over.Fit2(s)"), MethodAt("Over.Fit2(\"x\")"), MethodAt("instance.Run(\"by extension\")"), MethodAt("Lab.Fit(s, \"named\")")));
        Assert.False(loops.ContainsKey(LineOf(Library, "fitter(s)"))); // a delegate call runs no method the inventory can name
    }

    private static List<(string Method, string File, int Line, long? Size, string Description)> Found(Compilation compilation, TrackedNameSet loopNames, IEnumerable<LoopCandidate> candidates)
        => candidates.SelectMany(c => TrackedLoopParser.ParseMember(c, loopNames, compilation, CancellationToken.None).Sweeps)
            .Select(s => (s.Method, System.IO.Path.GetFileName(s.File), s.Line, s.Size, s.Description)).ToList();

    private static (List<(string Method, string File, int Line, long? Size, string Description)> Actual, List<(string Method, string File, int Line, long? Size, string Description)> Expected) BothWays(params string[] sources)
    {
        // Two compilations of the same trees: the finder and the oracle must not share bound state.
        var trees = sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, GeneratorHarness.EnabledParseOptions, path: $"/src/File{i}.cs")).ToArray();
        CSharpCompilation Create() => CSharpCompilation.Create("Loops", trees, GeneratorHarness.References,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication));
        var first = Create();
        Assert.Empty(first.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var facts = trees.Select(t => TreeFacts.Read(t, CancellationToken.None)).ToArray();
        var tracked = TrackedNames.FromSource(ImmutableArray.Create("Fit", "Other", "Generic", "FitExt"));
        var loopNames = TrackedLoopParser.LoopNames(tracked, facts.SelectMany(f => f.Calls).ToImmutableArray());
        var candidates = facts.SelectMany(f => f.Loops).Where(c => TrackedLoopParser.MayRunTrackedLoop(c, loopNames)).ToList();

        var actual = Found(first, loopNames, candidates);
        var oracle = new OperationLoopOracle(Create(), loopNames);
        var expected = candidates.SelectMany(c => oracle.Loops(c.Member)).ToList();
        return (actual, expected);
    }

    private static int LineOf(string source, string text)
    {
        var lines = source.Split('\n');
        var index = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        Assert.True(index >= 0, $"'{text}' is not in the shapes");
        return index + 1;
    }
}
