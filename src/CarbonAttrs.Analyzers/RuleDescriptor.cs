using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Analyzers;

/// <summary>Builds descriptors the same way for every rule: one category, a help page per ID.</summary>
internal static class RuleDescriptor
{
    /// <summary>The category every CarbonAttrs rule reports under.</summary>
    public const string Category = "Sustainability";

    /// <summary>Where each rule's page lives; a test checks the page exists in <c>docs/rules</c>.</summary>
    public static string HelpLink(string id) => $"https://github.com/carbonattrs/carbonattrs/blob/main/docs/rules/{id}.md";

    public static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description, params string[] customTags) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, description: description, helpLinkUri: HelpLink(id), customTags: customTags);
}
