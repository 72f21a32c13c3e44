using System.Net.Http.Headers;
using Akka.Actor;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Webhooks;

namespace HarombeActors.Actors.Webhooks;

/// <summary>
/// One delivery of one notice to one webhook: POSTs the signed body, and after a failure (no 2xx answer in time) tries
/// again with backoff until the retry policy gives up. Tells its parent after every attempt and once at the end. It
/// runs beside the secrets, never in their way: a slow or dead receiver costs this actor's timers and nothing else.
/// </summary>
public sealed class WebhookDelivery : ReceiveActor, IWithTimers
{
    public const string UserAgent = "HarombeActors-Webhooks/1";

    private readonly HttpClient _http;
    private readonly string _url;
    private readonly string _secret;
    private readonly byte[] _body;
    private readonly WebhookSettings _settings;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private DeliveryRecord _record;

    public ITimerScheduler Timers { get; set; } = null!;

    public WebhookDelivery(HttpClient http, string url, string secret, byte[] body, DeliveryRecord record, WebhookSettings settings, TimeProvider clock)
    {
        (_http, _url, _secret, _body, _record, _settings, _clock) = (http, url, secret, body, record, settings, clock);
        Receive<Attempt>(_ => Send());
        Receive<Answered>(OnAnswered);
    }

    public static Props Props(HttpClient http, Webhook hook, string secret, byte[] body, DeliveryRecord record, WebhookSettings settings, TimeProvider clock) =>
        Akka.Actor.Props.Create(() => new WebhookDelivery(http, hook.Url, secret, body, record, settings, clock));

    protected override void PreStart() => Self.Tell(Attempt.Instance);

    protected override void PostStop()
    {
        _stop.Cancel();
        _stop.Dispose();
    }

    private void Send()
    {
        var now = _clock.GetUtcNow();
        _record = _record with { Attempts = _record.Attempts + 1, FirstAttemptAt = _record.Attempts == 0 ? now : _record.FirstAttemptAt };
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ByteArrayContent(_body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.ParseAdd(UserAgent);
        request.Headers.Add(WebhookSignature.Header, WebhookSignature.Sign(_secret, now.ToUnixTimeSeconds(), _body));
        request.Headers.Add("Harombe-Delivery", _record.DeliveryId);
        request.Headers.Add("Harombe-Event", _record.Kind);
        request.Headers.Add("Harombe-Webhook", _record.WebhookId.Value);
        var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        limit.CancelAfter(_settings.AttemptTimeout);
        _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, limit.Token).ContinueWith(t =>
        {
            using (request)
            using (limit)
            {
                if (t.IsCompletedSuccessfully)
                {
                    using var response = t.Result;
                    return new Answered((int)response.StatusCode, response.IsSuccessStatusCode ? null : $"HTTP {(int)response.StatusCode}");
                }
                var error = t.Exception?.GetBaseException() is { } e && !t.IsCanceled
                    ? Describe(e)
                    : $"no answer within {_settings.AttemptTimeout.TotalSeconds:0.###} s";
                return new Answered(null, error);
            }
        }, TaskScheduler.Default).PipeTo(Self);
    }

    /// <summary>
    /// What went wrong, in words this code chooses: the receiver's own bytes (a malformed status or header line is quoted
    /// in .NET's messages) never reach the record, the journal, the log or the CLI.
    /// </summary>
    private static string Describe(Exception e) => e switch
    {
        HttpRequestException { HttpRequestError: var kind } when kind != HttpRequestError.Unknown => $"{kind} ({e.GetType().Name})",
        System.Net.Sockets.SocketException s => $"{s.SocketErrorCode} ({e.GetType().Name})",
        _ => e.GetType().Name,
    };

    private void OnAnswered(Answered answer)
    {
        var now = _clock.GetUtcNow();
        _record = _record with { LastStatus = answer.Status, LastError = answer.Error, EndedAt = now };
        var delivered = answer.Error is null;
        var sample = Random.Shared.NextDouble();
        if (delivered || !_settings.Retry.TriesAgain(_record.Attempts, _record.FirstAttemptAt, now, sample))
        {
            Context.Parent.Tell(new DeliveryEnded(_record with { Delivered = delivered }));
            Context.Stop(Self);
            return;
        }
        Context.Parent.Tell(new DeliveryTried(_record));
        Timers.StartSingleTimer(Attempt.Instance, Attempt.Instance, _settings.Retry.DelayAfter(_record.Attempts, sample));
    }

    private sealed record Attempt : ILocalOnlyMessage
    {
        public static readonly Attempt Instance = new();
    }

    private sealed record Answered(int? Status, string? Error) : ILocalOnlyMessage;
}

/// <summary>A delivery failed one attempt and will try again: its record so far.</summary>
public sealed record DeliveryTried(DeliveryRecord Record) : ILocalOnlyMessage;

/// <summary>A delivery is over: delivered, or given up.</summary>
public sealed record DeliveryEnded(DeliveryRecord Record) : ILocalOnlyMessage;
