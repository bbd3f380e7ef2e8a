namespace CarbonAttrs;

/// <summary>
/// Marks a method whose every call is measured: the CarbonAttrs generator wraps each call site in a
/// measurement window that records duration, energy per component, emissions, arguments and result
/// to the ledger (<c>emissions.csv</c>).
/// </summary>
/// <remarks>
/// Calls through delegates, method groups or reflection are not intercepted; declare the method
/// <c>partial</c> and write its body in a method named <c>&lt;Name&gt;Core</c> to measure those too.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TrackEmissionsAttribute : Attribute
{
    /// <summary>The name written to the <c>method</c> column. Default: <c>Namespace.Type.Method</c>.</summary>
    public string? Name { get; set; }

    /// <summary>The experiment this method belongs to, written to <c>experiment_id</c>.</summary>
    public string? Experiment { get; set; }

    /// <summary>
    /// When true, all calls of the method in a process are aggregated into one ledger row with a
    /// <c>calls</c> count, instead of one row per call. Use it for methods called per batch or per step.
    /// </summary>
    public bool Summarize { get; set; }

    /// <summary>Record primitive, string and enum arguments as hyperparameters. Default: true.</summary>
    public bool RecordArguments { get; set; } = true;

    /// <summary>Record a numeric return value in the <c>result</c> column. Default: true.</summary>
    public bool RecordResult { get; set; } = true;
}
