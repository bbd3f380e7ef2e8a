using CarbonAttrs.Generators.Tests.Infrastructure;
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
        var page = Path.Combine(RepositoryFiles.Root(), descriptor.HelpLinkUri.Substring(HelpRoot.Length));
        Assert.True(File.Exists(page), "missing " + page);
        var text = File.ReadAllText(page);
        Assert.StartsWith("# " + id, text, StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()));
        var released = File.ReadAllLines(Path.Combine(RepositoryFiles.Root(), "src", "CarbonAttrs.Generators", "AnalyzerReleases.Unshipped.md"));
        Assert.Contains(released, line => line.StartsWith(id + " |", StringComparison.Ordinal));
    }

    [Fact]
    public void Ids_are_unique_and_in_the_generator_range()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.InRange(int.Parse(id.AsSpan(4)), 100, 199));
    }
}
