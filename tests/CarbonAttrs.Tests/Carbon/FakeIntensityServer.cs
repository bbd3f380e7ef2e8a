using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CarbonAttrs.Tests.Carbon;

/// <summary>
/// A real HTTP server on 127.0.0.1 (HttpListener, a free port) standing in for Electricity Maps or a Carbon Aware SDK
/// WebAPI: <see cref="Respond"/> decides each answer; every request is recorded. A <see cref="Hang"/> answer holds the
/// connection until the server is disposed (a server slower than the client's limit).
/// </summary>
public sealed class FakeIntensityServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<RecordedRequest> _requests = new();
    private readonly Task _loop;

    public FakeIntensityServer(Func<RecordedRequest, Answer> respond)
    {
        Respond = respond;
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            try
            {
                _listener.Start();
                BaseUrl = $"http://127.0.0.1:{port}";
                break;
            }
            catch (HttpListenerException) when (attempt < 5) { } // the port was taken meanwhile
        }
        _loop = Task.Run(Serve);
    }

    public string BaseUrl { get; } = "";

    public Func<RecordedRequest, Answer> Respond { get; set; }

    public IReadOnlyList<RecordedRequest> Requests { get { lock (_requests) return _requests.ToArray(); } }

    public static Answer Json(string body, int status = 200, string? retryAfter = null) => new(status, body, retryAfter, Hang: false);

    public static Answer Hang() => new(200, "", null, Hang: true);

    private async Task Serve()
    {
        while (!_stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (_stopping.IsCancellationRequested) { return; }
            catch (HttpListenerException) { return; }
            catch (ObjectDisposedException) { return; }
            _ = Task.Run(() => Reply(context));
        }
    }

    private async Task Reply(HttpListenerContext context)
    {
        var request = new RecordedRequest(context.Request.Url!.AbsolutePath, context.Request.QueryString.AllKeys
            .Where(k => k is not null).ToDictionary(k => k!, k => context.Request.QueryString[k] ?? ""),
            context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k] ?? "", StringComparer.OrdinalIgnoreCase));
        lock (_requests) _requests.Add(request);
        try
        {
            var answer = Respond(request);
            if (answer.Hang)
            {
                try { await Task.Delay(Timeout.Infinite, _stopping.Token); } catch (OperationCanceledException) { }
                context.Response.Abort();
                return;
            }
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = "application/json";
            if (answer.RetryAfter is not null)
                context.Response.AddHeader("Retry-After", answer.RetryAfter);
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception) when (_stopping.IsCancellationRequested) { }
        catch (HttpListenerException) { }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _stopping.Cancel();
        try { _listener.Stop(); _listener.Close(); } catch (ObjectDisposedException) { }
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }

    public sealed record RecordedRequest(string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers);

    public sealed record Answer(int Status, string Body, string? RetryAfter, bool Hang);
}
