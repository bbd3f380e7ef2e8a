using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace CarbonAttrs.Reliability.Tests.Compilers;

/// <summary>
/// Sources to feed the generator and analyzers: every C# snippet the repository's tests compile (raw string
/// literals in tests/**) and, broken on purpose, copies of them with tokens deleted or duplicated at random
/// (fixed seed, so a failure reproduces).
/// </summary>
internal static class BrokenCodeCorpus
{
    /// <summary>20261128 in CI; <c>CARBONATTRS_FUZZ_SEED</c> picks another for a longer hunt by hand.</summary>
    public static readonly int Seed = FromEnvironment("CARBONATTRS_FUZZ_SEED", 20261128);

    /// <summary>An integer from the environment, or <paramref name="fallback"/> when unset or not a number.</summary>
    public static int FromEnvironment(string name, int fallback)
        => int.TryParse(Environment.GetEnvironmentVariable(name), out var value) ? value : fallback;

    private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\nusing CarbonAttrs;\nusing TorchSharp;\nusing static TorchSharp.torch;\n";

    /// <summary>C# snippets embedded in test files: raw string literals that look like code.</summary>
    public static IReadOnlyList<(string Origin, string Text)> TestInputs() => InputsCache.Value;

    private static readonly Lazy<IReadOnlyList<(string, string)>> InputsCache = new(() =>
    {
        var inputs = new List<(string, string)>();
        foreach (var file in SourceFiles("tests"))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
            var relative = Path.GetRelativePath(CompilerComponents.RepositoryRoot, file);
            foreach (var literal in root.DescendantNodes().OfType<LiteralExpressionSyntax>())
            {
                if (!literal.Token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken))
                    continue;
                var text = literal.Token.ValueText;
                // Analyzer tests prepend their usings to each snippet; do the same so TorchSharp names bind.
                if (!text.Contains("using TorchSharp"))
                    text = Usings + text;
                if (LooksLikeCode(text))
                    inputs.Add(($"{relative}:{literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1}", text));
            }
        }
        return inputs;
    });

    /// <summary>Every .cs file under a folder of the repository, minus build output.</summary>
    public static IEnumerable<string> SourceFiles(string folder)
    {
        var sep = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Path.Combine(CompilerComponents.RepositoryRoot, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{sep}bin{sep}") && !f.Contains($"{sep}obj{sep}"))
            .OrderBy(f => f, StringComparer.Ordinal);
    }

    /// <summary>
    /// <paramref name="count"/> broken variants: each takes an input (those using [TrackEmissions] twice as
    /// often) and deletes or duplicates between one and four of its tokens.
    /// </summary>
    public static IEnumerable<(string Origin, string Text)> Mutants(int count)
    {
        var inputs = TestInputs();
        var weighted = inputs.Concat(inputs.Where(i => i.Text.Contains("TrackEmissions"))).ToList();
        var random = new Random(Seed);
        for (var n = 0; n < count; n++)
        {
            var (origin, text) = weighted[random.Next(weighted.Count)];
            var tokens = CSharpSyntaxTree.ParseText(text).GetRoot().DescendantTokens(descendIntoTrivia: false).ToList();
            if (tokens.Count < 2)
                continue;
            var edits = new List<string>();
            var mutated = text;
            // Apply edits from the end so earlier spans stay valid.
            var picks = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => random.Next(tokens.Count)).Distinct().OrderDescending();
            foreach (var index in picks)
            {
                var token = tokens[index];
                var delete = random.Next(2) == 0;
                mutated = delete
                    ? mutated.Remove(token.SpanStart, token.Span.Length)
                    : mutated.Insert(token.Span.End, " " + token.Text);
                edits.Add($"{(delete ? "deleted" : "duplicated")} '{token.Text}' at {token.SpanStart}");
            }
            yield return ($"{origin} #{n}: {string.Join(", ", edits)}", mutated);
        }
    }

    private static bool LooksLikeCode(string text)
        => text.Contains("class ") || text.Contains("struct ") || text.Contains("record ") || text.Contains("static void ");
}
