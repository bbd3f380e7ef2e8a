using System.Runtime.InteropServices;

namespace CarbonAttrs.Cli.Running;

/// <summary>
/// Keeps <c>carbonattrs run</c> alive on SIGINT and SIGTERM and passes them to the command, which decides how to
/// end (a training script may save a checkpoint); the row is written when it has ended. A Ctrl+C typed at the
/// terminal already reached the command (it is in the terminal's foreground process group), so it is not sent a
/// second time; a signal sent to carbonattrs alone (<c>kill -INT</c>, a scheduler's SIGTERM) is forwarded.
/// On Windows, Ctrl+C reaches every process of the console: nothing is forwarded.
/// </summary>
internal sealed class SignalForwarder : IDisposable
{
    private readonly PosixSignalRegistration[] _registrations;
    private readonly object _gate = new();
    private int _commandId;
    private int _pending; // a signal that came before the command started

    /// <summary>Registered before the command starts, so that no signal in between ends carbonattrs.</summary>
    public SignalForwarder()
    {
        var registrations = new List<PosixSignalRegistration>();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try { registrations.Add(PosixSignalRegistration.Create(signal, OnSignal)); }
            catch (PlatformNotSupportedException) { } // a system without this signal: its default stays
        }
        _registrations = registrations.ToArray();
    }

    /// <summary>The last signal received (<c>SIGINT</c> or <c>SIGTERM</c>), whether forwarded or typed at the terminal; null when none.</summary>
    public string? Received { get; private set; }

    /// <summary>The command has started: signals go to it from now on (one that came before it is sent now).</summary>
    public void Attach(int commandId)
    {
        int pending;
        lock (_gate)
        {
            _commandId = commandId;
            pending = _pending;
        }
        if (pending != 0)
            PosixNative.Send(commandId, pending);
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true; // carbonattrs waits for the command, then writes the row
        var number = context.Signal == PosixSignal.SIGINT ? PosixNative.SigInt : PosixNative.SigTerm;
        Received = number == PosixNative.SigInt ? "SIGINT" : "SIGTERM";
        if (OperatingSystem.IsWindows())
            return;
        if (number == PosixNative.SigInt && PosixNative.IsInTerminalForeground())
            return;
        int commandId;
        lock (_gate)
        {
            commandId = _commandId;
            if (commandId == 0)
                _pending = number;
        }
        if (commandId != 0)
            PosixNative.Send(commandId, number);
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
    }
}
