using System.Reflection;
using CarbonAttrs.Analyzers.Tests.Infrastructure;

namespace CarbonAttrs.Analyzers.Tests.Rules;

/// <summary>Every rule is documented, released and linked: descriptors, docs/rules pages and AnalyzerReleases agree.</summary>
public class RuleCatalogTests
{
    private static readonly string[] DeclaredIds =
        typeof(DiagnosticIds).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();

    private static readonly Microsoft.CodeAnalysis.DiagnosticDescriptor[] Descriptors =
        TestCompilation.AllAnalyzers.SelectMany(a => a.SupportedDiagnostics).ToArray();

    [Fact]
    public void Every_descriptor_help_link_points_to_an_existing_docs_rules_page()
    {
        Assert.NotEmpty(Descriptors);
        foreach (var descriptor in Descriptors)
        {
            const string prefix = "https://github.com/carbonattrs/carbonattrs/blob/main/";
            Assert.StartsWith(prefix, descriptor.HelpLinkUri, StringComparison.Ordinal);
            var relative = descriptor.HelpLinkUri[prefix.Length..];
            Assert.Equal($"docs/rules/{descriptor.Id}.md", relative);
            Assert.True(File.Exists(Path.Combine(TestReferences.RepositoryRoot, relative)), $"{relative} is missing");
        }
    }

    [Fact]
    public void Every_declared_id_has_exactly_one_descriptor_with_a_real_description()
    {
        Assert.Equal(DeclaredIds.OrderBy(i => i), Descriptors.Select(d => d.Id).OrderBy(i => i));
        foreach (var descriptor in Descriptors)
        {
            Assert.True(descriptor.Description.ToString().Length > 80, descriptor.Id);
            Assert.Equal("Sustainability", descriptor.Category);
        }
    }

    [Fact]
    public void Every_docs_page_names_its_rule_and_has_the_required_sections()
    {
        foreach (var id in DeclaredIds)
        {
            var page = File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, "docs", "rules", id + ".md"));
            Assert.StartsWith("# " + id, page, StringComparison.Ordinal);
            foreach (var section in new[] { "## What it finds", "## Why it costs energy", "## Bad", "## Good", "## How to fix", "## Options" })
            {
                Assert.Contains(section, page, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Unshipped_release_file_lists_every_rule_with_its_severity()
    {
        var releases = File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, "src", "CarbonAttrs.Analyzers", "AnalyzerReleases.Unshipped.md"));
        foreach (var descriptor in Descriptors)
        {
            Assert.Contains($"{descriptor.Id} | Sustainability | {descriptor.DefaultSeverity} |", releases, StringComparison.Ordinal);
        }
    }
}
