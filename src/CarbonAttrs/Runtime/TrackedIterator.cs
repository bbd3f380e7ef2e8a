using System.Collections;
using System.ComponentModel;

namespace CarbonAttrs.Runtime;

/// <summary>
/// Wraps what a tracked iterator returns (generated code): each enumeration is measured by the time spent inside
/// the iterator (<c>MoveNext</c>, <c>MoveNextAsync</c>, <c>Dispose</c>) and written as one row, with <c>calls</c> =
/// items produced. With tracking disabled the iterator is returned unwrapped.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrackedIterator
{
    /// <summary>Each enumeration of <paramref name="source"/> is measured.</summary>
    public static IEnumerable<T> Enumerable<T>(TrackedIteratorCall call, IEnumerable<T> source)
        => call.Method is null ? source : new TrackedEnumerable<T>(call.Method, call.Arguments, source);

    /// <summary>The enumeration <paramref name="source"/> stands for is measured.</summary>
    public static IEnumerator<T> Enumerator<T>(TrackedIteratorCall call, IEnumerator<T> source)
        => call.Method is null ? source : TrackedEnumerator<T>.Start(call.Method, call.Arguments, source);

    /// <summary>Each enumeration of <paramref name="source"/> (a non-generic iterator) is measured.</summary>
    public static IEnumerable NonGenericEnumerable(TrackedIteratorCall call, IEnumerable source)
        => call.Method is null ? source : new TrackedEnumerable<object?>(call.Method, call.Arguments, System.Linq.Enumerable.Cast<object?>(source));

    /// <summary>The enumeration <paramref name="source"/> (a non-generic iterator) stands for is measured.</summary>
    public static IEnumerator NonGenericEnumerator(TrackedIteratorCall call, IEnumerator source)
        => call.Method is null ? source : TrackedEnumerator<object?>.Start(call.Method, call.Arguments, NonGenericEnumeratorAdapter.Of(source));

    /// <summary>Each enumeration of <paramref name="source"/> (an async iterator) is measured.</summary>
    public static IAsyncEnumerable<T> AsyncEnumerable<T>(TrackedIteratorCall call, IAsyncEnumerable<T> source)
        => call.Method is null ? source : new TrackedAsyncEnumerable<T>(call.Method, call.Arguments, source);

    /// <summary>The enumeration <paramref name="source"/> (an async iterator) stands for is measured.</summary>
    public static IAsyncEnumerator<T> AsyncEnumerator<T>(TrackedIteratorCall call, IAsyncEnumerator<T> source)
        => call.Method is null ? source : TrackedAsyncEnumerator<T>.Start(call.Method, call.Arguments, source);
}
