using CarbonAttrs.Generators.Diagnostics;

namespace CarbonAttrs.Generators.Tests;

/// <summary>Every generator diagnostic links to a page that exists and is listed in the release tracking file.</summary>
public sealed class RuleDocumentationTests
{
    private const string HelpRoot = "https://github.com/carbonattrs/carbonattrs/blob/main/";

    public static TheoryData<string> Ids => new(DiagnosticDescriptors.All.Select(d => d.Id));

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_points_at_an_existing_rule_page(string id)
    {
        var descriptor = DiagnosticDescriptors.ById(id);

        Assert.StartsWith(HelpRoot, descriptor.HelpLinkUri, StringComparison.Ordinal);
        var page = Path.Combine(RepositoryRoot(), descriptor.HelpLinkUri.Substring(HelpRoot.Length));
        Assert.True(File.Exists(page), "missing " + page);
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id, text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        var released = File.ReadAllLines(Path.Combine(RepositoryRoot(), "src", "CarbonAttrs.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(released, line => line.StartsWith(id + " |", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_are_unique_and_in_the_generator_range()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(int.Parse(id.AsSpan(4)), 100, 199));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CarbonAttrs.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root (CarbonAttrs.sln) not found above " + AppContext.BaseDirectory);
    }
}
