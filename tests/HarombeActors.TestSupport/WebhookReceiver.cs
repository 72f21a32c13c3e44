using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace HarombeActors.TestSupport;

/// <summary>
/// A real HTTP server on a free loopback port that receives webhook deliveries and keeps every request (headers, body,
/// when it arrived). What it answers is up to the test: a status per request (500 first, then 200, say), or holding the
/// request without an answer (a dead receiver) until it is disposed.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<Received> _received = new();
    private readonly Task _loop;

    public sealed record Received(DateTimeOffset At, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body)
    {
        public string Text => System.Text.Encoding.UTF8.GetString(Body);
    }

    /// <summary>The answer to the n-th request (0-based): a status code, or null to hold it unanswered.</summary>
    public Func<int, int?> Answer { get; set; } = _ => 200;

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/hook";
    public IReadOnlyList<Received> Requests => [.. _received];

    public WebhookReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task LoopAsync()
    {
        var count = 0;
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var n = count++;
            _ = Task.Run(() => HandleAsync(context, n));
        }
    }

    private async Task HandleAsync(HttpListenerContext context, int n)
    {
        using var body = new MemoryStream();
        await context.Request.InputStream.CopyToAsync(body);
        var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
        _received.Enqueue(new Received(DateTimeOffset.UtcNow, context.Request.Url!.AbsolutePath, headers, body.ToArray()));
        if (Answer(n) is not { } status)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                context.Response.Abort();
                return;
            }
        }
        else
        {
            context.Response.StatusCode = status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
        _stop.Dispose();
    }
}
