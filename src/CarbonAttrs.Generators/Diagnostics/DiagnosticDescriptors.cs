using System;
using Microsoft.CodeAnalysis;

namespace CarbonAttrs.Generators.Diagnostics;

/// <summary>The generator's diagnostic descriptors (created once; each links to docs/rules/CARBnnn.md).</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CarbonAttrs";
    private const string HelpRoot = "https://github.com/carbonattrs/carbonattrs/blob/main/docs/rules/";

    public static readonly DiagnosticDescriptor InterceptorsNotEnabled = new(
        DiagnosticIds.InterceptorsNotEnabled,
        title: "Interceptors are not enabled for CarbonAttrs",
        messageFormat: "Calls to [TrackEmissions] methods are not measured because interceptors are not enabled for the namespace CarbonAttrs.Generated; add <InterceptorsNamespaces>$(InterceptorsNamespaces);CarbonAttrs.Generated</InterceptorsNamespaces> to a PropertyGroup of the project file",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "CarbonAttrs measures [TrackEmissions] methods by intercepting their calls, and the compiler only accepts interceptors from namespaces the project lists in InterceptorsNamespaces. Until CarbonAttrs.Generated is listed, no call is measured.",
        helpLinkUri: HelpRoot + DiagnosticIds.InterceptorsNotEnabled + ".md");

    public static readonly DiagnosticDescriptor CannotWrapMethod = new(
        DiagnosticIds.CannotWrapMethod,
        title: "A [TrackEmissions] call cannot be measured",
        messageFormat: "This call to '{0}' is not measured: {1}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generator could not wrap this use of a [TrackEmissions] method in a measurement window, so it runs unmeasured. The message says why; the partial-method pattern (a partial declaration plus a NameCore body) measures methods that cannot be intercepted.",
        helpLinkUri: HelpRoot + DiagnosticIds.CannotWrapMethod + ".md");

    public static readonly DiagnosticDescriptor TrackedMethodAsDelegate = new(
        DiagnosticIds.TrackedMethodAsDelegate,
        title: "A [TrackEmissions] method is used as a method group",
        messageFormat: "'{0}' is used as a method group or delegate, so calls through it are not measured; declare it 'partial' and move its body into '{1}Core' to measure every call",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Interceptors replace direct calls only. A method converted to a delegate (or taken as a function pointer) runs unmeasured when the delegate is invoked. The partial-method pattern puts the measurement inside the method itself.",
        helpLinkUri: HelpRoot + DiagnosticIds.TrackedMethodAsDelegate + ".md");

    public static readonly DiagnosticDescriptor PartialWithoutCore = new(
        DiagnosticIds.PartialWithoutCore,
        title: "A partial [TrackEmissions] method has no Core method",
        messageFormat: "The partial [TrackEmissions] method '{0}' needs a method '{1}' with the same parameters that holds its body; the generator writes '{0}' to measure a call to '{1}'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        description: "With the partial-method pattern you declare 'partial T M(...)' and write the body in 'MCore(...)'; the generator implements M as a measured call to MCore. Without MCore there is nothing to call.",
        helpLinkUri: HelpRoot + DiagnosticIds.PartialWithoutCore + ".md");

    public static readonly DiagnosticDescriptor LanguageVersionTooOld = new(
        DiagnosticIds.LanguageVersionTooOld,
        title: "CarbonAttrs needs C# 11 or later",
        messageFormat: "[TrackEmissions] methods are not measured because this project compiles with C# {0} and CarbonAttrs' generated code needs C# 11 or later; add <LangVersion>latest</LangVersion> (or 11 or later) to a PropertyGroup of the project file",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The generated interceptors and partial-method implementations use file-local types and nullable annotations (C# 11). Projects targeting netstandard2.0 or .NET Framework default to C# 7.3, so the generator emits nothing there until the language version is raised.",
        helpLinkUri: HelpRoot + DiagnosticIds.LanguageVersionTooOld + ".md");

    public static readonly DiagnosticDescriptor LocalFunctionNotMeasured = new(
        DiagnosticIds.LocalFunctionNotMeasured,
        title: "A [TrackEmissions] local function is not measured",
        messageFormat: "The local function '{0}' is not measured: C# interceptors replace calls to ordinary methods only (a call to a local function cannot be intercepted, CS9207) and a local function cannot be partial; move it into a static method of a class (for example a 'static class Steps' after the top-level statements), mark that method [TrackEmissions] and call it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Top-level programs often declare their work as local functions. The compiler does not let generated code intercept calls to a local function, and the partial-method pattern needs a partial method of a type, so a [TrackEmissions] local function runs unmeasured. A static method of a class (even a private one on .NET 10 or later) is measured on every call.",
        helpLinkUri: HelpRoot + DiagnosticIds.LocalFunctionNotMeasured + ".md");

    public static DiagnosticDescriptor ById(string id) => id switch
    {
        DiagnosticIds.InterceptorsNotEnabled => InterceptorsNotEnabled,
        DiagnosticIds.CannotWrapMethod => CannotWrapMethod,
        DiagnosticIds.TrackedMethodAsDelegate => TrackedMethodAsDelegate,
        DiagnosticIds.PartialWithoutCore => PartialWithoutCore,
        DiagnosticIds.LanguageVersionTooOld => LanguageVersionTooOld,
        DiagnosticIds.LocalFunctionNotMeasured => LocalFunctionNotMeasured,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "unknown CarbonAttrs diagnostic id"),
    };

    public static readonly DiagnosticDescriptor[] All = { InterceptorsNotEnabled, CannotWrapMethod, TrackedMethodAsDelegate, PartialWithoutCore, LanguageVersionTooOld, LocalFunctionNotMeasured };
}
