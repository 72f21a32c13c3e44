using System.Security.Cryptography.X509Certificates;
using HarombeActors.Protocol;

namespace HarombeActors.Host;

/// <summary>
/// `harombe-host health [--url URL] [--ca-cert FILE]`: exit 0 when the host at URL (default
/// http://127.0.0.1:4054/healthz/ready) answers ready, 1 when it answers not ready or not at all, 2 for bad switches.
/// For container health checks: the runtime image has no curl, and a TLS front door needs its CA checked.
/// </summary>
public static class HealthCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "health";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = "http://127.0.0.1:4054/healthz/ready";
        string? caFile = null;
        for (var i = 1; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--url" when Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https": url = value!; i++; break;
                case "--ca-cert" when value is not null: caFile = value; i++; break;
                default:
                    Console.Error.WriteLine($"harombe-host health: {args[i]}: unknown switch, or a missing or invalid value (--url takes an http(s) URL)");
                    return 2;
            }
        }
        using var ca = caFile is null ? null : X509CertificateLoader.LoadCertificateFromFile(caFile);
        using var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(3) };
        if (ca is not null) handler.SslOptions.RemoteCertificateValidationCallback = FrontDoorChannels.Validator(ca);
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var answer = await http.GetAsync(url);
            Console.WriteLine($"{url}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
            return answer.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{url}: no answer ({e.Message})");
            return 1;
        }
    }
}
