using System.ComponentModel;

namespace CarbonAttrs.Runtime;

/// <summary>
/// Keeps a call's window open until its task completes (generated code for async methods). A cancelled
/// task records <c>cancelled</c>, a faulted one <c>failed</c>; the task's outcome reaches the caller unchanged.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class TrackedAsync
{
    /// <summary>Awaits <paramref name="task"/> inside the call's window.</summary>
    public static async Task Await(TrackedCall call, Task task)
    {
        try { await task.ConfigureAwait(false); }
        catch (Exception ex) when (call.Fail(ex)) { throw; }
        finally { call.End(); }
    }

    /// <summary>Awaits <paramref name="task"/> inside the call's window and records its result.</summary>
    public static async Task<T> Await<T>(TrackedCall call, Task<T> task)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            call.Result(result);
            return result;
        }
        catch (Exception ex) when (call.Fail(ex)) { throw; }
        finally { call.End(); }
    }

    /// <summary>Awaits <paramref name="task"/> inside the call's window.</summary>
    public static async ValueTask Await(TrackedCall call, ValueTask task)
    {
        try { await task.ConfigureAwait(false); }
        catch (Exception ex) when (call.Fail(ex)) { throw; }
        finally { call.End(); }
    }

    /// <summary>Awaits <paramref name="task"/> inside the call's window and records its result.</summary>
    public static async ValueTask<T> Await<T>(TrackedCall call, ValueTask<T> task)
    {
        try
        {
            var result = await task.ConfigureAwait(false);
            call.Result(result);
            return result;
        }
        catch (Exception ex) when (call.Fail(ex)) { throw; }
        finally { call.End(); }
    }
}
