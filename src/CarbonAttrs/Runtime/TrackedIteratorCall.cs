using System.ComponentModel;

namespace CarbonAttrs.Runtime;

/// <summary>
/// A call of a tracked iterator, as generated code sees it: the arguments to record on every enumeration's row.
/// The default value (tracking disabled) does nothing, and <see cref="TrackedIterator"/> then returns the iterator unwrapped.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct TrackedIteratorCall
{
    private List<Hyperparameter>? _arguments;

    internal TrackedIteratorCall(TrackedMethod method)
    {
        Method = method;
        _arguments = null;
    }

    internal TrackedMethod? Method { get; }

    internal IReadOnlyList<Hyperparameter>? Arguments => _arguments;

    /// <summary>Whether arguments are recorded (framework facts read nothing otherwise).</summary>
    internal readonly bool RecordsArguments => Method is { RecordArguments: true };

    /// <summary>Records an argument as a hyperparameter of each enumeration (when the method records arguments).</summary>
    public void Argument<T>(string name, T value)
    {
        if (Method is { RecordArguments: true })
            (_arguments ??= new List<Hyperparameter>()).Add(new Hyperparameter(name, value));
    }
}
