using CarbonAttrs.Generators.Tests.Infrastructure;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static CarbonAttrs.Generators.TrackEmissionsGenerator;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The generator walks only the members whose text mentions a name that can matter (<see cref="TreeIndex"/>,
/// <see cref="ReadNames"/>). What it then finds must be what walking every member finds: the same call sites and method
/// groups of tracked methods, and every loop name and loop body to bind that a real call chain gives
/// (see <see cref="AssertSameAsWalkingEverything"/>). Checked on every C# file of this repository with several sets of
/// tracked names, and on the loop shapes.
/// </summary>
public sealed class TreeIndexTests
{
    public static TheoryData<string[]> TrackedNameSets => new()
    {
        new[] { "Train" },
        new[] { "Fit", "Evaluate" },
        new[] { "Run", "Dispose" },
        new[] { "Add" },
        new[] { "Write", "Flush", "Step" },
        new[] { "Measure", "Begin", "End" },
    };

    [Theory]
    [MemberData(nameof(TrackedNameSets))]
    public void Walking_only_members_that_mention_a_name_that_matters_finds_what_walking_everything_finds(string[] tracked)
    {
        var trees = RepositoryTrees();
        var walked = AssertSameAsWalkingEverything(trees, tracked);
        Assert.True(walked < 0.9, $"{walked:P0} of the calling members were walked: the index skipped almost nothing");
    }

    [Fact]
    public void The_loop_shapes_with_their_tracked_methods_are_read_the_same_gated_or_not()
    {
        // A top-level loop that reaches a tracked method only through a top-level local function.
        const string LocalOnly = "for (var epoch = 0; epoch < 2; epoch++)\n    Epoch(epoch);\nstatic void Epoch(int epoch) => Lab.Fit(epoch);\n";
        var trees = new[] { LoopRunFinderTests.Library, LoopRunFinderTests.TopLevel, LocalOnly }
            .Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"/src/Shapes{i}.cs")).ToArray();
        AssertSameAsWalkingEverything(trees, new[] { "Fit", "Other", "Generic", "FitExt" });
    }

    [Fact]
    public void A_project_without_tracked_methods_walks_nothing()
    {
        var trees = RepositoryTrees().Take(50).ToArray();
        var indexes = trees.Select(t => TreeIndex.Read(t, CancellationToken.None)).ToImmutableArray();
        var names = ReadNames.Of(indexes, TrackedNameSet.Empty, CancellationToken.None);

        Assert.True(names.Names.IsEmpty);
        Assert.All(indexes, index => Assert.Same(TreeFacts.Empty, TreeFacts.Read(index, names, CancellationToken.None)));
    }

    /// <summary>
    /// Holds the gated reading to what the inventory can use. Exact for call sites and method groups of tracked methods.
    /// The syntax call graph is by name, so walking everything also links a call of <c>Array.IndexOf</c> to a local function
    /// named <c>IndexOf</c> in some other method: such links can never be a real call chain (a local function is called
    /// only in its method), and the gated reading may leave them out. So its loop names and bound loop
    /// bodies lie between those of the real-scope graph (names of methods, tracked calls, and local functions
    /// only within their own method) and those of walking everything.
    /// </summary>
    /// <returns>The share of calling members (methods and local functions with calls) that the gated reading walked.</returns>
    private static double AssertSameAsWalkingEverything(SyntaxTree[] trees, string[] trackedNames)
    {
        var tracked = TrackedNameSet.Create(trackedNames);
        var all = trees.Select(t => TreeFacts.Read(t, CancellationToken.None)).ToArray();
        var indexes = trees.Select(t => TreeIndex.Read(t, CancellationToken.None)).ToImmutableArray();
        var names = ReadNames.Of(indexes, tracked, CancellationToken.None);
        var gated = indexes.Select(i => TreeFacts.Read(i, names, CancellationToken.None)).ToArray();

        IEnumerable<SyntaxNode> Tracked(IEnumerable<NameCandidate> candidates) => candidates.Where(c => tracked.Contains(c.Name)).Select(c => c.Node);
        Assert.Equal(Tracked(all.SelectMany(f => f.Invocations)), Tracked(gated.SelectMany(f => f.Invocations)));
        Assert.Equal(Tracked(all.SelectMany(f => f.MethodGroups)), Tracked(gated.SelectMany(f => f.MethodGroups)));

        var allCalls = all.SelectMany(f => f.Calls).ToImmutableArray();
        var gatedCalls = gated.SelectMany(f => f.Calls).ToImmutableArray();
        var graph = new RealScopeGraph(trees);
        var realLoopNames = graph.Callers(tracked.Names, tracked);
        var gatedLoopNames = TrackedLoopParser.LoopNames(tracked, gatedCalls);
        var allLoopNames = TrackedLoopParser.LoopNames(tracked, allCalls);
        AssertBetween(realLoopNames, gatedLoopNames, allLoopNames, "loop names");

        HashSet<SyntaxNode> Bound(IEnumerable<TreeFacts> facts, TrackedNameSet loopNames)
            => facts.SelectMany(f => f.Loops).Where(c => TrackedLoopParser.MayRunTrackedLoop(c, loopNames)).Select(c => c.Member).ToHashSet();
        var realBound = Bound(all, realLoopNames);
        var gatedBound = Bound(gated, gatedLoopNames);
        var allBound = Bound(all, allLoopNames);
        Assert.True(realBound.IsSubsetOf(gatedBound), $"{realBound.Except(gatedBound).Count()} loop bodies of real call chains not bound");
        Assert.True(gatedBound.IsSubsetOf(allBound), "the gated reading binds a body that walking everything does not");
        return (double)gatedCalls.Length / Math.Max(1, allCalls.Length);
    }

    private static void AssertBetween(TrackedNameSet lower, TrackedNameSet actual, TrackedNameSet upper, string what)
    {
        var missing = lower.Names.Except(actual.Names).ToList();
        var extra = actual.Names.Except(upper.Names).ToList();
        Assert.True(missing.Count == 0, $"{what}: real call chains lost: {string.Join(", ", missing)}");
        Assert.True(extra.Count == 0, $"{what}: names no full reading finds: {string.Join(", ", extra)}");
    }

    /// <summary>
    /// The syntax call graph with the links a call can really have: a call names a local function of its own method (the
    /// outermost one, siblings included) when one has that name, else any method of that name.
    /// </summary>
    private sealed class RealScopeGraph
    {
        private readonly List<(SyntaxNode Node, string Name, bool IsLocal, IReadOnlyList<string> Invoked, Dictionary<string, List<SyntaxNode>> Locals)> _members = new();

        public RealScopeGraph(IEnumerable<SyntaxTree> trees)
        {
            foreach (var member in trees.SelectMany(t => t.GetRoot().DescendantNodes()).Where(n => TrackedLoopParser.IsCallingMember(n, CancellationToken.None)))
            {
                var read = TrackedLoopParser.ReadCalls(member);
                if (read.Invoked.IsEmpty)
                    continue;
                var scope = member.AncestorsAndSelf().LastOrDefault(a => a is MethodDeclarationSyntax) ?? member.SyntaxTree.GetRoot();
                var locals = scope.DescendantNodes().OfType<LocalFunctionStatementSyntax>()
                    .GroupBy(f => f.Identifier.ValueText).ToDictionary(g => g.Key, g => g.Cast<SyntaxNode>().ToList());
                _members.Add((member, read.Name, member is LocalFunctionStatementSyntax, read.Invoked.ToList(), locals));
            }
        }

        /// <summary>
        /// Names of members that call <paramref name="seeds"/>, up to the analyzers' call depth, as the generator's Callers
        /// does by name.
        /// </summary>
        public TrackedNameSet Callers(IEnumerable<string> seeds, TrackedNameSet tracked)
        {
            if (tracked.Names.IsEmpty)
                return TrackedNameSet.Empty;
            var calledNames = new HashSet<string>(seeds, StringComparer.Ordinal);
            var reached = new HashSet<SyntaxNode>();
            var names = new HashSet<string>(calledNames, StringComparer.Ordinal);
            for (var level = 0; level < Analyzers.Training.TrainingModel.MaxCallDepth; level++)
            {
                var added = _members.Where(m => !reached.Contains(m.Node) && m.Invoked.Any(n => Reaches(m, n, reached, calledNames))).ToList();
                if (added.Count == 0)
                    break;
                foreach (var m in added)
                {
                    reached.Add(m.Node);
                    names.Add(m.Name);
                }
            }
            return TrackedNameSet.Create(names);
        }

        private bool Reaches((SyntaxNode Node, string Name, bool IsLocal, IReadOnlyList<string> Invoked, Dictionary<string, List<SyntaxNode>> Locals) member,
            string invoked, HashSet<SyntaxNode> reached, HashSet<string> seeds)
        {
            if (member.Locals.TryGetValue(invoked, out var locals))
                return locals.Any(reached.Contains);
            return seeds.Contains(invoked) || _members.Any(m => !m.IsLocal && m.Name == invoked && reached.Contains(m.Node));
        }
    }

    private static SyntaxTree[] RepositoryTrees()
        => RepositoryFiles.CSharpFiles().Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), path: f)).ToArray();
}
