using System.Diagnostics;
using CarbonAttrs.Diagnostics;

namespace CarbonAttrs;

/// <summary>
/// Gives back the overlap slot of a top-level window opened with <see cref="CarbonTracker.Track"/> that is
/// collected without being disposed. Without it, one forgotten window would count as open for the rest of
/// the process, and every later top-level window would get half its energy and <c>(split)</c>.
/// It holds no reference to its window (so the window can be collected), and is finalizable only until
/// the window is disposed. Generated code does not need it: it always ends its calls in <c>finally</c>.
/// </summary>
internal sealed class AbandonedWindowGuard
{
    private readonly string _name;

    public AbandonedWindowGuard(string name) => _name = name;

    /// <summary>The window was disposed: its slot is given back the normal way.</summary>
    public void Disarm() => GC.SuppressFinalize(this);

    ~AbandonedWindowGuard()
    {
        // A finalizer must never throw: it would end the process.
        try
        {
            RootWindowOverlap.Shared.Abandon(Stopwatch.GetTimestamp());
            TrackerLog.Warn("window-abandoned",
                $"the window \"{_name}\" was never disposed, so no row was recorded for it. Dispose every window "
                + "CarbonTracker.Track returns (`using var window = CarbonTracker.Track(...)`). Top-level windows that ran while "
                + "it still counted as open were given part of the energy and marked (split); later ones are not affected.");
        }
        catch
        {
        }
    }
}
