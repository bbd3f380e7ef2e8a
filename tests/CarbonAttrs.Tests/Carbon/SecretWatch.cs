using CarbonAttrs.Diagnostics;

namespace CarbonAttrs.Tests.Carbon;

/// <summary>
/// Captures, for one test, everything the tracker says (its log sink and stderr) and the message of every exception
/// thrown anywhere in the process (first-chance), so a test can assert a secret appears in none of them.
/// </summary>
public sealed class SecretWatch : IDisposable
{
    private readonly List<string> _messages = new();
    private readonly List<string> _exceptions = new();
    private readonly StringWriter _stderr = new();
    private readonly TextWriter _originalStderr = Console.Error;

    public SecretWatch()
    {
        TrackerLog.ResetForTests();
        TrackerLog.Sink = (level, message) => { lock (_messages) _messages.Add(level + ": " + message); };
        Console.SetError(TextWriter.Synchronized(_stderr));
        AppDomain.CurrentDomain.FirstChanceException += OnException;
    }

    public IReadOnlyList<string> Messages { get { lock (_messages) return _messages.ToArray(); } }

    public string Stderr => _stderr.ToString();

    public IReadOnlyList<string> Exceptions { get { lock (_exceptions) return _exceptions.ToArray(); } }

    /// <summary>Messages (log sink) that contain <paramref name="text"/>.</summary>
    public IReadOnlyList<string> MessagesContaining(string text) => Messages.Where(m => m.Contains(text, StringComparison.Ordinal)).ToArray();

    public void AssertNowhere(string secret, params string[] files)
    {
        Assert.DoesNotContain(Messages, m => m.Contains(secret, StringComparison.Ordinal));
        Assert.DoesNotContain(secret, Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Exceptions, m => m.Contains(secret, StringComparison.Ordinal));
        foreach (var file in files.Where(File.Exists))
            Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal);
    }

    private void OnException(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
    {
        lock (_exceptions) _exceptions.Add(e.Exception.GetType().Name + ": " + e.Exception.Message + " " + e.Exception.InnerException?.Message);
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.FirstChanceException -= OnException;
        Console.SetError(_originalStderr);
        TrackerLog.Sink = null;
    }
}
