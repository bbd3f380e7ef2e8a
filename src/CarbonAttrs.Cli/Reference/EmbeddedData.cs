using System.Reflection;

namespace CarbonAttrs.Cli.Reference;

/// <summary>Opens the reference tables embedded in the tool (sources in Data/ATTRIBUTION.md).</summary>
internal static class EmbeddedData
{
    public static Stream Open(string fileName)
        => Assembly.GetExecutingAssembly().GetManifestResourceStream("CarbonAttrs.Cli.Data." + fileName)
           ?? throw new InvalidOperationException($"embedded table {fileName} is missing from the tool (a packaging error)");

    public static string ReadText(string fileName)
    {
        using var reader = new StreamReader(Open(fileName));
        return reader.ReadToEnd();
    }
}
