using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace CarbonAttrs.Generators.Model;

/// <summary>A source position kept as plain numbers, turned back into a <see cref="Location"/> only when reported.</summary>
internal sealed record LocationInfo(string FilePath, int Start, int Length, int StartLine, int StartColumn, int EndLine, int EndColumn)
{
    public static LocationInfo? From(Location? location)
    {
        if (location is null || location.SourceTree is null)
            return null;
        var span = location.GetLineSpan().Span;
        return new LocationInfo(location.SourceTree.FilePath, location.SourceSpan.Start, location.SourceSpan.Length,
            span.Start.Line, span.Start.Character, span.End.Line, span.End.Character);
    }

    public Location ToLocation() => Location.Create(FilePath, new TextSpan(Start, Length),
        new LinePositionSpan(new LinePosition(StartLine, StartColumn), new LinePosition(EndLine, EndColumn)));
}

/// <summary>
/// A diagnostic to report, as equatable data (descriptor by id, message arguments as strings); <c>AsInfo</c>
/// reports it at Info severity (an expected limitation rather than a problem).
/// </summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments, bool AsInfo = false)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
        => new(descriptor.Id, LocationInfo.From(location), arguments.ToEquatableArray());

    public Diagnostic ToDiagnostic()
    {
        var descriptor = Diagnostics.DiagnosticDescriptors.ById(Id);
        var location = Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None;
        var args = Arguments.Cast<object?>().ToArray();
        return AsInfo
            ? Diagnostic.Create(descriptor, location, DiagnosticSeverity.Info, additionalLocations: null, properties: null, args)
            : Diagnostic.Create(descriptor, location, args);
    }
}
