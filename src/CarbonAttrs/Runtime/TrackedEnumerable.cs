using System.Collections;

namespace CarbonAttrs.Runtime;

/// <summary>A tracked iterator's result: every <see cref="GetEnumerator"/> starts one measured enumeration.</summary>
internal sealed class TrackedEnumerable<T> : IEnumerable<T>
{
    private readonly TrackedMethod _method;
    private readonly IReadOnlyList<Hyperparameter>? _arguments;
    private readonly IEnumerable<T> _source;

    public TrackedEnumerable(TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments, IEnumerable<T> source)
    {
        _method = method;
        _arguments = arguments;
        _source = source;
    }

    public IEnumerator<T> GetEnumerator() => TrackedEnumerator<T>.Start(_method, _arguments, _source.GetEnumerator());

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>One measured enumeration of a synchronous iterator: each <c>MoveNext</c> and the early <c>Dispose</c> is a segment.</summary>
internal sealed class TrackedEnumerator<T> : SegmentedEnumeration, IEnumerator<T>
{
    private readonly IEnumerator<T> _inner;

    private TrackedEnumerator(TrackerRuntime runtime, TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments, IEnumerator<T> inner)
        : base(runtime, method, arguments)
        => _inner = inner;

    /// <summary>Measures the enumeration of <paramref name="inner"/>; unwrapped when tracking is disabled.</summary>
    public static IEnumerator<T> Start(TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments, IEnumerator<T> inner)
        => TrackerRuntime.CurrentOrNull() is { } runtime ? new TrackedEnumerator<T>(runtime, method, arguments, inner) : inner;

    public T Current => _inner.Current;

    object? IEnumerator.Current => _inner.Current;

    public bool MoveNext()
    {
        if (Finished)
            return _inner.MoveNext();
        var consumer = Enter();
        var more = false;
        try
        {
            more = _inner.MoveNext();
            return more;
        }
        catch (Exception ex) when (MarkFailed(ex))
        {
            throw;
        }
        finally
        {
            LeaveAmbient(consumer);
            EndSegment(more);
            if (!more)
                Finish(); // completed, or failed
        }
    }

    /// <summary>Disposing before the end runs the iterator's <c>finally</c> blocks: a last segment, then the row (<c>ok</c> unless it throws).</summary>
    public void Dispose()
    {
        if (Finished)
        {
            _inner.Dispose();
            return;
        }
        var consumer = Enter();
        try
        {
            _inner.Dispose();
        }
        catch (Exception ex) when (MarkFailed(ex))
        {
            throw;
        }
        finally
        {
            LeaveAmbient(consumer);
            EndSegment(producedItem: false);
            Finish();
        }
    }

    public void Reset() => _inner.Reset(); // compiler-generated iterators throw NotSupportedException
}

/// <summary>A non-generic enumerator seen as <see cref="IEnumerator{T}"/> of <see cref="object"/> (non-generic iterators).</summary>
internal sealed class NonGenericEnumeratorAdapter : IEnumerator<object?>
{
    private readonly IEnumerator _inner;

    private NonGenericEnumeratorAdapter(IEnumerator inner) => _inner = inner;

    /// <summary>The enumerator itself when it is already generic (compiler-generated iterators are), else an adapter.</summary>
    public static IEnumerator<object?> Of(IEnumerator inner) => inner as IEnumerator<object?> ?? new NonGenericEnumeratorAdapter(inner);

    public object? Current => _inner.Current;

    public bool MoveNext() => _inner.MoveNext();

    public void Reset() => _inner.Reset();

    public void Dispose() => (_inner as IDisposable)?.Dispose();
}
