using System.ComponentModel;

namespace CarbonAttrs.Runtime;

// Iterators: a call only creates the enumerable; each enumeration is measured by its segments (SegmentedEnumeration).
public sealed partial class TrackedMethod
{
    /// <summary>Starts a call of a tracked iterator: record its arguments, then wrap what it returns with <see cref="TrackedIterator"/>.</summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public TrackedIteratorCall BeginIterator()
    {
        var runtime = TrackerRuntime.CurrentOrNull();
        if (runtime is null)
            return default;
        if (Summarize && !ReferenceEquals(Volatile.Read(ref _registeredWith), runtime))
            Register(runtime);
        return new TrackedIteratorCall(this);
    }

    /// <summary>
    /// Adds one finished enumeration to the summary (Summarize mode): its summed segments, and its items as calls,
    /// the unit of an iterator's row (an enumeration that produced nothing counts as one, so the summary still shows it).
    /// </summary>
    internal void AddEnumeration(TrackerRuntime runtime, long durationTicks, Energy.EnergyReading energy, long items, long longSegments, WindowStatus status)
    {
        if (!ReferenceEquals(Volatile.Read(ref _registeredWith), runtime))
            Register(runtime);
        Interlocked.Add(ref _calls, Math.Max(1, items));
        if (status == WindowStatus.Failed) Interlocked.Increment(ref _failed);
        else if (status == WindowStatus.Cancelled) Interlocked.Increment(ref _cancelled);
        Interlocked.Add(ref _durationTicks, durationTicks);
        Interlocked.Add(ref _cpuNj, (long)(energy.CpuJoules * 1e9));
        Interlocked.Add(ref _gpuNj, (long)(energy.GpuJoules * 1e9));
        Interlocked.Add(ref _ramNj, (long)(energy.RamJoules * 1e9));
        Interlocked.Add(ref _cpuMicroseconds, (long)(energy.ProcessCpuSeconds * 1e6));
        Interlocked.Add(ref _longCalls, Math.Min(Math.Max(1, items), longSegments));
        AddToSpendIfUnwindowed(runtime, energy, System.Diagnostics.Stopwatch.GetTimestamp());
    }
}
