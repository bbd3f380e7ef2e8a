namespace CarbonAttrs.Energy.Nvml;

/// <summary>
/// Applies <c>CUDA_VISIBLE_DEVICES</c> the way CUDA does: unset means every device; an empty value means
/// none; otherwise a comma list of indices or <c>GPU-</c> UUIDs (a unique prefix is enough), read up to
/// the first entry that matches nothing. Indices are NVML's (PCI bus order), which match CUDA's when
/// <c>CUDA_DEVICE_ORDER=PCI_BUS_ID</c> or the GPUs are identical; UUIDs are never ambiguous.
/// </summary>
internal static class CudaVisibleDevices
{
    public static IReadOnlyList<NvmlDevice> Filter(IReadOnlyList<NvmlDevice> devices, string? value)
    {
        if (value is null)
            return devices;
        var visible = new List<NvmlDevice>();
        foreach (var raw in value.Split(','))
        {
            var entry = raw.Trim();
            NvmlDevice? match = null;
            if (int.TryParse(entry, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                match = devices.FirstOrDefault(d => d.Index == index);
            else if (entry.StartsWith("GPU-", StringComparison.OrdinalIgnoreCase))
            {
                var candidates = devices.Where(d => d.Uuid.StartsWith(entry, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
                match = candidates.Count == 1 ? candidates[0] : null;
            }
            if (match is null)
                break; // CUDA ignores everything from the first invalid entry on
            if (!visible.Contains(match))
                visible.Add(match);
        }
        return visible;
    }
}
