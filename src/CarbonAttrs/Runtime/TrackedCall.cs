using System.ComponentModel;
using System.Globalization;
using CarbonAttrs.Energy;

namespace CarbonAttrs.Runtime;

/// <summary>
/// One call being measured, as generated code sees it. A plain struct: in <c>Summarize</c> mode a call
/// costs a few timestamps and no allocation. The default value (tracking disabled) does nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct TrackedCall
{
    private readonly TrackedMethod? _method;
    private readonly CarbonWindow? _window;
    private readonly TrackerRuntime? _runtime;
    private readonly long _startTimestamp;
    private readonly EnergySnapshot? _startSnapshot; // the sampler's state at the start; extrapolated only if needed
    private WindowStatus _status;

    internal TrackedCall(TrackedMethod method, CarbonWindow? window, TrackerRuntime runtime, long startTimestamp, EnergySnapshot? startSnapshot)
    {
        _method = method;
        _window = window;
        _runtime = runtime;
        _startTimestamp = startTimestamp;
        _startSnapshot = startSnapshot;
        _status = WindowStatus.Ok;
    }

    /// <summary>Whether arguments are recorded: a window is open and the method records them (framework facts read nothing otherwise).</summary>
    internal readonly bool RecordsArguments => _window is not null && _method!.RecordArguments;

    /// <summary>Records an argument as a hyperparameter (when the method records arguments).</summary>
    public void Argument<T>(string name, T value)
    {
        if (_window is not null && _method!.RecordArguments)
            _window.Record(name, value);
    }

    /// <summary>Records a numeric return value (other types are ignored).</summary>
    public void Result<T>(T value)
    {
        if (_window is null || !_method!.RecordResult)
            return;
        var text = NumericText(value);
        if (text is not null)
            _window.SetResult(text);
    }

    /// <summary>
    /// Marks the call failed (cancelled for an <see cref="OperationCanceledException"/>). Always returns
    /// false so it can sit in an exception filter: the exception is never caught and keeps its stack trace.
    /// </summary>
    public bool Fail(Exception exception)
    {
        _status = exception is OperationCanceledException ? WindowStatus.Cancelled : WindowStatus.Failed;
        _window?.Fail(exception);
        return false;
    }

    /// <summary>Like <see cref="Fail"/>, then closes the call: for a task-returning method that threw before returning its task.</summary>
    public bool FailAndEnd(Exception exception)
    {
        Fail(exception);
        End();
        return false;
    }

    /// <summary>Marks the call cancelled (a cancelled task).</summary>
    public void Cancel()
    {
        _status = WindowStatus.Cancelled;
        _window?.Cancel();
    }

    /// <summary>Closes the call and records it.</summary>
    public void End()
    {
        if (_window is not null)
            _window.Close(_method);
        else if (_method is not null)
            _method.AddCall(_runtime!, _startTimestamp, _startSnapshot, _status);
    }

    /// <summary>Restores the enclosing window as ambient while this call's task is still running.</summary>
    public void Detach() => _window?.Detach();

    private static string? NumericText<T>(T value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        int or long or short or byte or uint or ulong or ushort or sbyte => ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
