namespace CarbonAttrs;

// Segmented windows: the window of one enumeration of a tracked iterator (see SegmentedEnumeration). It is
// the ambient window only while the iterator's code runs (inside MoveNext/MoveNextAsync/Dispose), so calls
// made by the iterator nest in it and calls made by the consumer between items do not.
public sealed partial class CarbonWindow
{
    // Opened without a timestamp, an overlap slot or a span: each segment takes its own. Marked closed from the
    // start, so a Dispose through CarbonWindow.Current inside the iterator does nothing: the enumeration ends it.
    private CarbonWindow(TrackerRuntime runtime, string name, string? experiment, IReadOnlyList<Hyperparameter>? arguments)
    {
        _runtime = runtime;
        Name = name;
        Experiment = experiment;
        RunId = RunIds.Next();
        _parent = Ambient.Value;
        _startedAtUtcTicks = DateTime.UtcNow.Ticks;
        if (arguments is { Count: > 0 })
            _hyperparameters = new List<Hyperparameter>(arguments); // a copy: each enumeration's row can record more
        _closed = 1;
    }

    /// <summary>Opens the window of one enumeration; its parent is the ambient window now.</summary>
    internal static CarbonWindow OpenSegmented(TrackerRuntime runtime, string name, string? experiment, IReadOnlyList<Hyperparameter>? arguments)
        => new(runtime, name, experiment, arguments);

    /// <summary>True when the window has no enclosing window (its segments then take part in <see cref="RootWindowOverlap"/>).</summary>
    internal bool IsTopLevel => _parent is null;

    /// <summary>Makes this window ambient for one segment; returns the window to restore afterwards.</summary>
    internal CarbonWindow? EnterSegment()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return previous;
    }

    /// <summary>
    /// Gives the consumer its ambient window back after a segment. Unconditional: a window the iterator opened
    /// and left open across a <c>yield</c> must not leak into the consumer's code.
    /// </summary>
    internal static void LeaveSegment(CarbonWindow? previous) => Ambient.Value = previous;

    /// <summary>Hyperparameters recorded so far (the call's arguments, then anything the iterator recorded).</summary>
    internal IReadOnlyList<Hyperparameter>? RecordedHyperparameters => Volatile.Read(ref _hyperparameters);

    /// <summary>The result set on the window, if any.</summary>
    internal string? RecordedResult => _result;

    /// <summary>Stores the measurement of the finished enumeration (what <see cref="Measurement"/> returns).</summary>
    internal void SetSegmentedMeasurement(CarbonMeasurement measurement) => Measurement = measurement;
}
