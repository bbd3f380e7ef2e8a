using CarbonAttrs.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.Generators.Tests;

/// <summary>
/// The one-walk <see cref="TrackEmissionsGenerator.TreeReader"/> finds exactly what reading each member on its own finds
/// (<see cref="TrackEmissionsGenerator.TreeFacts.ReadByMember"/>): the call sites and method groups, the syntax call graph
/// and the loop candidates the inventory binds. Checked on shapes that nest members in members and loops in lambdas, and
/// on every C# file of this repository.
/// </summary>
public sealed class TreeReaderTests
{
    private const string Shapes = """
        using System;
        using System.Linq;

        for (var i = 0; i < 3; i++)
            Lab.Fit(i);
        Func<int, int> f = x => { while (x > 0) x = Lab.Step(x); return x; };
        Local(2);
        static void Local(int n) { foreach (var k in Enumerable.Range(0, n)) Lab.Fit(k); }

        [Obsolete(nameof(Lab.Fit))]
        public static class Lab
        {
            private static int _count;
            public static int Count { get { for (var i = 0; i < 2; i++) _count += Step(i); return _count; } set => _count = Step(value); }
            public static void Fit(int seed) => Run(seed, Step);
            public static int Step(int x) => x - 1;
            public static void Run(int seed, Func<int, int> step)
            {
                Action a = () => { for (var e = 0; e < 3; e++) step(e); };
                int Inner(int y) { do { y = Step(y); } while (y > 0); return y; }
                foreach (var s in new[] { 1, 2 }) { a(); Inner(s); this_is_not_called?.Invoke(); }
                Func<int, int> g = Step;
                var q = Lab.Step;
            }
            public Lab() { for (;;) { Fit(0); break; } }
            public static Lab operator +(Lab l, Lab r) { while (true) { Fit(1); return l; } }
            private static Action? this_is_not_called;
        }
        """;

    [Fact]
    public void One_walk_finds_what_reading_each_member_finds_on_nested_shapes()
    {
        var tree = CSharpSyntaxTree.ParseText(Shapes, path: "/src/Shapes.cs");
        var facts = AssertSameFacts(tree);

        Assert.Contains(facts.Calls, c => c.Name == "Run" && c.Invoked.Contains("Step") && c.Invoked.Contains("Inner"));
        Assert.Contains("Inner: Step,y", facts.Calls.Select(Text)); // an argument is a possible method group, by name
        var run = Assert.Single(facts.Loops, l => l.Member is MethodDeclarationSyntax { Identifier.ValueText: "Run" });
        Assert.Contains(run.Loops, l => l.InLambda && l.Invoked.SequenceEqual(new[] { "step" }));
        Assert.DoesNotContain("step", run.Names); // a loop in a lambda is not the tracked-loop step's
        Assert.Contains(facts.Loops, l => l.Member is CompilationUnitSyntax);
        Assert.Contains(facts.MethodGroups, g => g.Name == "Step");
    }

    [Fact]
    public void One_walk_finds_what_reading_each_member_finds_on_every_file_of_the_repository()
    {
        var files = RepositoryFiles.CSharpFiles();
        var loops = 0;
        foreach (var file in files)
            loops += AssertSameFacts(CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file)).Loops.Length;
        Assert.True(loops > 100, $"only {loops} loop candidates in the repository");
    }

    private static TrackEmissionsGenerator.TreeFacts AssertSameFacts(SyntaxTree tree)
    {
        var expected = TrackEmissionsGenerator.TreeFacts.ReadByMember(tree, CancellationToken.None);
        var actual = TrackEmissionsGenerator.TreeFacts.Read(tree, CancellationToken.None);
        var where = tree.FilePath;

        Assert.Equal(Names(expected.Invocations).ToList(), Names(actual.Invocations).ToList());
        Assert.Equal(Names(expected.MethodGroups).ToList(), Names(actual.MethodGroups).ToList());
        Assert.Equal(expected.Calls.Select(Text), actual.Calls.Select(Text));
        Assert.True(expected.Loops.Length == actual.Loops.Length, $"{where}: {expected.Loops.Length} loop candidates expected, {actual.Loops.Length} read");
        foreach (var (e, a) in expected.Loops.Zip(actual.Loops))
        {
            Assert.Same(e.Member, a.Member);
            Assert.Equal(e.Names.OrderBy(n => n, StringComparer.Ordinal), a.Names.OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(e.Loops.Select(l => (l.Invoked, l.InLambda)), a.Loops.Select(l => (l.Invoked, l.InLambda)));
        }
        return actual;
    }

    private static string Text(TrackEmissionsGenerator.MemberCalls calls) => calls.Name + ": " + string.Join(",", calls.Invoked);

    private static IEnumerable<(string, TextSpan)> Names(IEnumerable<TrackEmissionsGenerator.NameCandidate> candidates)
        => candidates.Select(c => (c.Name, c.Node.Span));
}
