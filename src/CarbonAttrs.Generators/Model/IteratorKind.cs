namespace CarbonAttrs.Generators.Model;

/// <summary>
/// What a tracked iterator returns, which names the <c>CarbonAttrs.Runtime.TrackedIterator</c> method that wraps it
/// (each enumeration is then measured by the time spent inside the iterator). <c>None</c>: not an iterator.
/// </summary>
internal enum IteratorKind
{
    None,
    /// <summary><c>IEnumerable&lt;T&gt;</c>: <c>TrackedIterator.Enumerable</c>.</summary>
    Enumerable,
    /// <summary><c>IEnumerator&lt;T&gt;</c>: <c>TrackedIterator.Enumerator</c>.</summary>
    Enumerator,
    /// <summary><c>System.Collections.IEnumerable</c>: <c>TrackedIterator.NonGenericEnumerable</c>.</summary>
    NonGenericEnumerable,
    /// <summary><c>System.Collections.IEnumerator</c>: <c>TrackedIterator.NonGenericEnumerator</c>.</summary>
    NonGenericEnumerator,
    /// <summary><c>IAsyncEnumerable&lt;T&gt;</c>: <c>TrackedIterator.AsyncEnumerable</c>.</summary>
    AsyncEnumerable,
    /// <summary><c>IAsyncEnumerator&lt;T&gt;</c>: <c>TrackedIterator.AsyncEnumerator</c>.</summary>
    AsyncEnumerator,
}
