using CarbonAttrs.Energy;

namespace CarbonAttrs;

/// <summary>
/// The provenance text of each component as rows carry it, plain and with <c>(interpolated)</c>, built once
/// per runtime: a per-row call would otherwise look each one up and concatenate two new strings (short
/// windows are nearly always interpolated).
/// </summary>
internal sealed class SourceLabels
{
    private const string None = "none";
    private readonly string[] _plain;
    private readonly string[] _interpolated;

    public SourceLabels(IReadOnlyDictionary<EnergyComponent, string>? sources)
    {
        var components = new[] { EnergyComponent.Cpu, EnergyComponent.Gpu, EnergyComponent.Ram };
        _plain = new string[components.Length];
        _interpolated = new string[components.Length];
        foreach (var component in components)
        {
            var label = sources is not null && sources.TryGetValue(component, out var s) ? s : None;
            _plain[Index(component)] = label;
            _interpolated[Index(component)] = label == None ? label : label + "(interpolated)";
        }
    }

    public string For(EnergyComponent component, bool interpolated)
        => (interpolated ? _interpolated : _plain)[Index(component)];

    private static int Index(EnergyComponent component) => component switch
    {
        EnergyComponent.Cpu => 0,
        EnergyComponent.Gpu => 1,
        _ => 2,
    };
}
