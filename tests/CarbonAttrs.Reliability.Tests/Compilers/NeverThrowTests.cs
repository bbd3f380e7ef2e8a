using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace CarbonAttrs.Reliability.Tests.Compilers;

/// <summary>Generator and analyzers never throw: broken code from every test input, and the repository's own sources.</summary>
public class NeverThrowTests(ITestOutputHelper output)
{
    // 300 in CI (about 8 s); CARBONATTRS_FUZZ_MUTANTS raises it for a longer hunt by hand.
    private static readonly int MutantCount = BrokenCodeCorpus.FromEnvironment("CARBONATTRS_FUZZ_MUTANTS", 300);

    [Fact]
    public void The_corpus_holds_the_test_inputs_of_the_generator()
    {
        var inputs = BrokenCodeCorpus.TestInputs();
        output.WriteLine($"{inputs.Count} test inputs, {inputs.Count(i => i.Text.Contains("TrackEmissions"))} using [TrackEmissions]; {CompilerComponents.Analyzers.Length} analyzers loaded");
        Assert.True(inputs.Count(i => i.Text.Contains("TrackEmissions")) >= 10);
        Assert.NotNull(CompilerComponents.TorchSharpPath);
        if (File.Exists(Path.Combine(CompilerComponents.RepositoryRoot, "src/CarbonAttrs.Analyzers/CarbonAttrs.Analyzers.csproj")))
            Assert.NotEmpty(CompilerComponents.Analyzers);
    }

    [Fact]
    public void Broken_variants_of_every_test_input_make_neither_the_generator_nor_an_analyzer_throw()
    {
        var problems = new List<string>();
        var ran = 0;
        foreach (var (origin, text) in BrokenCodeCorpus.Mutants(MutantCount))
        {
            var tree = CSharpSyntaxTree.ParseText(text, CompilerComponents.ParseOptions, path: "/src/broken/Mutant.cs");
            foreach (var problem in ComponentRun.Problems(new[] { tree }, "Mutant" + ran))
                problems.Add(origin + "\n" + problem + "\n--- source ---\n" + text);
            ran++;
        }
        output.WriteLine($"{ran} broken variants (seed {BrokenCodeCorpus.Seed}), {problems.Count} problems");
        Assert.True(ran >= MutantCount * 9 / 10);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems.Take(3)));
    }

    [Fact]
    public void The_unbroken_test_inputs_make_neither_the_generator_nor_an_analyzer_throw()
    {
        var inputs = BrokenCodeCorpus.TestInputs();
        var problems = inputs.SelectMany((input, i) => ComponentRun.Problems(
            new[] { CSharpSyntaxTree.ParseText(input.Text, CompilerComponents.ParseOptions, path: $"/src/input/Input{i}.cs") }, "Input" + i)
            .Select(p => input.Origin + ": " + p)).ToList();
        output.WriteLine($"{inputs.Count} inputs, {problems.Count} problems");
        Assert.True(problems.Count == 0, string.Join("\n\n", problems.Take(3)));
    }

    [Theory]
    [InlineData("src")]
    [InlineData("tests")]
    [InlineData("samples")]
    public void The_repository_own_sources_make_neither_the_generator_nor_an_analyzer_throw(string folder)
    {
        if (!Directory.Exists(Path.Combine(CompilerComponents.RepositoryRoot, folder)))
            folder = "src"; // samples/ may not exist in every checkout; src always does
        var trees = BrokenCodeCorpus.SourceFiles(folder)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), CompilerComponents.ParseOptions, path: f))
            .ToList();
        // One compilation per top folder (src/X, tests/X): files that are compiled together in the build.
        var problems = trees.GroupBy(t => string.Join('/', Path.GetRelativePath(CompilerComponents.RepositoryRoot, t.FilePath).Split(Path.DirectorySeparatorChar).Take(2)))
            .SelectMany(project => ComponentRun.Problems(project, project.Key.Replace('/', '_')).Select(p => project.Key + ": " + p))
            .ToList();
        output.WriteLine($"{folder}: {trees.Count} files, {problems.Count} problems");
        Assert.NotEmpty(trees);
        Assert.True(problems.Count == 0, string.Join("\n\n", problems.Take(3)));
    }
}
