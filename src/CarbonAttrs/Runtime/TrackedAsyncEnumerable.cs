using System.Runtime.CompilerServices;

namespace CarbonAttrs.Runtime;

/// <summary>A tracked async iterator's result: every <see cref="GetAsyncEnumerator"/> starts one measured enumeration.</summary>
internal sealed class TrackedAsyncEnumerable<T> : IAsyncEnumerable<T>
{
    private readonly TrackedMethod _method;
    private readonly IReadOnlyList<Hyperparameter>? _arguments;
    private readonly IAsyncEnumerable<T> _source;

    public TrackedAsyncEnumerable(TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments, IAsyncEnumerable<T> source)
    {
        _method = method;
        _arguments = arguments;
        _source = source;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
        => TrackedAsyncEnumerator<T>.Start(_method, _arguments, _source.GetAsyncEnumerator(cancellationToken));
}

/// <summary>
/// One measured enumeration of an async iterator. A segment lasts from the call of <c>MoveNextAsync</c> (or
/// <c>DisposeAsync</c>) until its task completes: the iterator's awaits count, the consumer's work between items does not.
/// </summary>
internal sealed class TrackedAsyncEnumerator<T> : SegmentedEnumeration, IAsyncEnumerator<T>
{
    private readonly IAsyncEnumerator<T> _inner;

    private TrackedAsyncEnumerator(TrackerRuntime runtime, TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments, IAsyncEnumerator<T> inner)
        : base(runtime, method, arguments)
        => _inner = inner;

    /// <summary>Measures the enumeration of <paramref name="inner"/>; unwrapped when tracking is disabled.</summary>
    public static IAsyncEnumerator<T> Start(TrackedMethod method, IReadOnlyList<Hyperparameter>? arguments, IAsyncEnumerator<T> inner)
        => TrackerRuntime.CurrentOrNull() is { } runtime ? new TrackedAsyncEnumerator<T>(runtime, method, arguments, inner) : inner;

    public T Current => _inner.Current;

    public ValueTask<bool> MoveNextAsync()
    {
        if (Finished)
            return _inner.MoveNextAsync();
        // The iterator runs synchronously up to its first pending await with its window ambient; its
        // continuations keep the window (they captured this context), the caller gets its own back at once.
        var consumer = Enter();
        ValueTask<bool> pending;
        try
        {
            pending = _inner.MoveNextAsync();
        }
        catch (Exception ex) when (MarkFailed(ex))
        {
            throw;
        }
        finally
        {
            LeaveAmbient(consumer);
            if (HasFailed)
            {
                EndSegment(producedItem: false);
                Finish();
            }
        }
        if (pending.IsCompletedSuccessfully)
        {
            var more = pending.Result;
            EndSegment(more);
            if (!more)
                Finish();
            return new ValueTask<bool>(more);
        }
        return AwaitMoveNext(pending);
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no allocation per item that completes asynchronously
#endif
    private async ValueTask<bool> AwaitMoveNext(ValueTask<bool> pending)
    {
        var more = false;
        try
        {
            more = await pending.ConfigureAwait(false);
            return more;
        }
        catch (Exception ex) when (MarkFailed(ex))
        {
            throw;
        }
        finally
        {
            EndSegment(more);
            if (!more)
                Finish();
        }
    }

    /// <summary>Disposing before the end runs the iterator's <c>finally</c> blocks: a last segment, then the row (<c>ok</c> unless it throws).</summary>
    public ValueTask DisposeAsync()
    {
        if (Finished)
            return _inner.DisposeAsync();
        var consumer = Enter();
        ValueTask pending;
        try
        {
            pending = _inner.DisposeAsync();
        }
        catch (Exception ex) when (MarkFailed(ex))
        {
            throw;
        }
        finally
        {
            LeaveAmbient(consumer);
            if (HasFailed)
            {
                EndSegment(producedItem: false);
                Finish();
            }
        }
        if (pending.IsCompletedSuccessfully)
        {
            pending.GetAwaiter().GetResult(); // consumes a pooled source
            EndSegment(producedItem: false);
            Finish();
            return default;
        }
        return AwaitDispose(pending);
    }

#if NET6_0_OR_GREATER
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
#endif
    private async ValueTask AwaitDispose(ValueTask pending)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (MarkFailed(ex))
        {
            throw;
        }
        finally
        {
            EndSegment(producedItem: false);
            Finish();
        }
    }
}
