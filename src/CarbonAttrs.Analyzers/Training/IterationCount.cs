namespace CarbonAttrs.Analyzers.Training;

/// <summary>How many times a loop runs, as far as compile time can tell.</summary>
internal readonly struct IterationCount
{
    private IterationCount(long? value, bool isUnbounded, string reason)
    {
        Value = value;
        IsUnbounded = isUnbounded;
        Reason = reason;
    }

    /// <summary>The exact count, when known.</summary>
    public long? Value { get; }

    /// <summary>No bound at all (as opposed to a bound we could not count, such as a counter capped by a constant).</summary>
    public bool IsUnbounded { get; }

    /// <summary>Why the count is not known, phrased to complete "the sweep is unbounded: ...".</summary>
    public string Reason { get; }

    public static IterationCount Known(long value) => new(value, false, string.Empty);

    public static IterationCount Bounded(string reason) => new(null, false, reason);

    public static IterationCount Unbounded(string reason) => new(null, true, reason);
}
