using CarbonAttrs.Diagnostics;

namespace CarbonAttrs;

/// <summary>Which edge of a measurement window a hook runs at.</summary>
internal enum WindowEdge
{
    /// <summary>Before the window's start is timestamped.</summary>
    Opening,
    /// <summary>Before the window's end is timestamped.</summary>
    Closing,
}

/// <summary>
/// Work that must happen exactly at window edges, before the timestamp is taken: e.g. waiting for
/// queued GPU kernels (CarbonAttrs.TorchSharp) so asynchronous work lands in the window that launched it.
/// Empty by default, and then a window pays one null check per edge.
/// </summary>
internal static class WindowEdgeHooks
{
    private static readonly object Gate = new();
    private static Action<WindowEdge>[]? _hooks;

    /// <summary>The registered hooks, or null when there are none (the hot path checks only this).</summary>
    public static Action<WindowEdge>[]? Registered => Volatile.Read(ref _hooks);

    /// <summary>Adds a hook (once; adding the same delegate again does nothing).</summary>
    public static void Add(Action<WindowEdge> hook)
    {
        lock (Gate)
        {
            var current = _hooks ?? Array.Empty<Action<WindowEdge>>();
            if (Array.IndexOf(current, hook) >= 0)
                return;
            var next = new Action<WindowEdge>[current.Length + 1];
            current.CopyTo(next, 0);
            next[current.Length] = hook;
            Volatile.Write(ref _hooks, next);
        }
    }

    /// <summary>Removes a hook; the list becomes null again when it was the last.</summary>
    public static void Remove(Action<WindowEdge> hook)
    {
        lock (Gate)
        {
            if (_hooks is null || Array.IndexOf(_hooks, hook) < 0)
                return;
            var next = _hooks.Where(h => !h.Equals(hook)).ToArray();
            Volatile.Write(ref _hooks, next.Length == 0 ? null : next);
        }
    }

    /// <summary>Runs every hook; a hook that throws is reported once and never reaches the user's code.</summary>
    public static void Run(Action<WindowEdge>[] hooks, WindowEdge edge)
    {
        foreach (var hook in hooks)
        {
            try { hook(edge); }
            catch (Exception ex)
            {
                TrackerLog.Warn("window-edge-hook:" + hook.Method.Name, $"a window-edge hook ({hook.Method.DeclaringType?.Name}.{hook.Method.Name}) threw ({ex.GetType().Name}: {ex.Message}); ignored.");
            }
        }
    }
}
