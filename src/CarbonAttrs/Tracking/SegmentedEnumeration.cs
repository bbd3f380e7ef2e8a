using System.Diagnostics;
using CarbonAttrs.Diagnostics;
using CarbonAttrs.Energy;
using CarbonAttrs.Runtime;

namespace CarbonAttrs;

/// <summary>
/// One enumeration of a tracked iterator, measured as the sum of its segments: the spans spent inside the
/// iterator's <c>MoveNext</c>/<c>MoveNextAsync</c>/<c>Dispose</c>, never the consumer's time between items.
/// Each segment's energy comes from the sampler like any window's (and, at top level, is split with other
/// top-level windows by <see cref="RootWindowOverlap"/>); the row is written once, when the enumeration
/// completes, fails or is disposed early, with <c>calls</c> = items produced.
/// </summary>
/// <remarks>
/// An enumerator serves one consumer at a time, so the totals need no lock: async segments start and end on
/// different threads, ordered by the awaits between them. A segment allocates nothing; the ambient window
/// switch costs what an <see cref="AsyncLocal{T}"/> write costs.
/// </remarks>
internal abstract class SegmentedEnumeration
{
    private readonly TrackerRuntime _runtime;
    private readonly TrackedMethod _method;
    private readonly CarbonWindow? _window; // null in Summarize mode: the method's summary takes the totals
    private readonly bool _topLevel;
    private WindowStatus _summarizedStatus;

    private long _segmentStart;
    private EnergySnapshot? _segmentSnapshot;
    private (long SoloTicks, double SharedIntegral) _overlapAtOpen;

    private long _durationTicks, _items, _segments, _longSegments;
    private double _cpuJoules, _gpuJoules, _ramJoules, _cpuSeconds;
    private bool _split;

    protected SegmentedEnumeration(TrackerRuntime runtime, TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments)
    {
        _runtime = runtime;
        _method = method;
        if (!method.Summarize)
        {
            _window = CarbonWindow.OpenSegmented(runtime, method.Name, method.Experiment, arguments);
            _topLevel = _window.IsTopLevel;
        }
    }

    /// <summary>The row has been written: later calls go straight to the iterator.</summary>
    protected bool Finished { get; private set; }

    /// <summary>Starts a segment: the iterator's code runs from here with its window ambient. Returns the consumer's window.</summary>
    protected CarbonWindow? Enter()
    {
        if (WindowEdgeHooks.Registered is { } hooks)
            WindowEdgeHooks.Run(hooks, WindowEdge.Opening);
        _segmentStart = Stopwatch.GetTimestamp();
        _segmentSnapshot = _runtime.Sampler?.Latest;
        if (_window is null)
            return null;
        if (_topLevel)
            _overlapAtOpen = RootWindowOverlap.Shared.Open(_segmentStart);
        return _window.EnterSegment();
    }

    /// <summary>Gives the consumer's context its own ambient window back (synchronous part of a segment done).</summary>
    protected void LeaveAmbient(CarbonWindow? consumer)
    {
        if (_window is not null)
            CarbonWindow.LeaveSegment(consumer);
    }

    /// <summary>
    /// Marks the enumeration failed (cancelled for an <see cref="OperationCanceledException"/>). Always false, to
    /// sit in an exception filter: the iterator's exception is never caught and keeps its stack trace.
    /// </summary>
    protected bool MarkFailed(Exception exception)
    {
        HasFailed = true;
        if (_window is not null)
            _window.Fail(exception);
        else
            _summarizedStatus = exception is OperationCanceledException ? WindowStatus.Cancelled : WindowStatus.Failed;
        return false;
    }

    /// <summary>True once the iterator threw: the enumeration is over and its row is written.</summary>
    protected bool HasFailed { get; private set; }

    /// <summary>Ends the current segment and adds its time and energy to the enumeration's totals.</summary>
    protected void EndSegment(bool producedItem)
    {
        if (WindowEdgeHooks.Registered is { } hooks)
            WindowEdgeHooks.Run(hooks, WindowEdge.Closing);
        var end = Stopwatch.GetTimestamp();
        var ticks = end - _segmentStart;
        _durationTicks += ticks;
        _segments++;
        if (producedItem)
            _items++;
        try
        {
            var share = _topLevel ? RootWindowOverlap.Shared.Close(_segmentStart, _overlapAtOpen, end) : 1.0;
            if (share < 1.0)
                _split = true;
            var energy = _runtime.EnergyBetween(_segmentStart, _segmentSnapshot, end).Scaled(share);
            _cpuJoules += energy.CpuJoules;
            _gpuJoules += energy.GpuJoules;
            _ramJoules += energy.RamJoules;
            _cpuSeconds += energy.ProcessCpuSeconds;
            if (_runtime.Sampler is not { } sampler || !sampler.IsShorterThanPeriod(ticks))
                _longSegments++;
        }
        catch (Exception ex)
        {
            TrackerLog.Warn("iterator-segment", $"a segment of \"{_method.Name}\" could not be measured ({ex.GetType().Name}: {ex.Message}); the program continues.");
        }
    }

    /// <summary>Writes the enumeration's row (once): completed, failed, or disposed before the end.</summary>
    protected void Finish()
    {
        if (Finished)
            return;
        Finished = true;
        try
        {
            var energy = new EnergyReading(_cpuJoules, _gpuJoules, _ramJoules, _cpuSeconds);
            if (_window is null)
            {
                _method.AddEnumeration(_runtime, _durationTicks, energy, _items, _longSegments, _summarizedStatus);
                return;
            }
            // Like a summary row: interpolated when most segments were shorter than a sampling period.
            var interpolated = (_segments - _longSegments) * 2 > _segments;
            var measurement = _runtime.Build(_window.RunId, _window.ParentRunId, _window.Name, _window.Experiment, _window.StartedAt,
                TrackerRuntime.ElapsedTime(_durationTicks), _window.Status, _items, energy, interpolated,
                _window.RecordedHyperparameters, _window.RecordedResult);
            if (_split)
                measurement.MarkSplit();
            _window.SetSegmentedMeasurement(measurement);
            _runtime.Complete(measurement);
        }
        catch (Exception ex)
        {
            TrackerLog.Warn("iterator-close", $"the enumeration of \"{_method.Name}\" could not be recorded ({ex.GetType().Name}: {ex.Message}); the program continues.");
        }
    }
}
