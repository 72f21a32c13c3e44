using System.Diagnostics;
using System.Net;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>What operations tooling sees: health endpoints and Prometheus metrics, without a token and without secrets.</summary>
public class FrontDoorOperationsTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Health_needs_no_token_and_reveals_nothing()
    {
        using var http = host.Http();
        var live = await JsonApi.SendAsync(http, HttpMethod.Get, "/healthz/live", null);
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (live.Status, live.Json.GetProperty("status").GetString()));
        var ready = await JsonApi.SendAsync(http, HttpMethod.Get, "/healthz/ready", null);
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        var checks = ready.Json.GetProperty("checks");
        Assert.Equal(["akka.cluster.join", "journal", "secret-region"], checks.EnumerateObject().Select(c => c.Name).Order());
        Assert.Equal("written and read back", checks.GetProperty("journal").GetProperty("description").GetString());
        Assert.DoesNotContain(host.OperatorToken, ready.Body);
    }

    [Fact]
    public async Task Metrics_move_after_a_rotation_and_carry_no_path_or_consumer_id()
    {
        using var http = host.Http();
        Assert.Equal(0, (await host.PipeAsync("metrics-value-1", "secret", "put", "/metrics/db")).ExitCode);
        var before = Parse(await http.GetStringAsync("/metrics"));
        var run = await host.RunAsync("secret", "rotate", "/metrics/db", "--strategy", "blue-green", "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, (await host.RunAsync("secret", "rollback", "/metrics/db")).ExitCode);

        Dictionary<string, double> after = [];
        // Counters are collected when scraped; the rotation's events are persisted before the CLI got its answer.
        var deadline = DateTime.UtcNow + Limit;
        do
        {
            after = Parse(await http.GetStringAsync("/metrics"));
        } while (Value(after, "harombe_rotations_completed_total", "strategy=\"blue-green\"", "status=\"success\"") == Value(before, "harombe_rotations_completed_total", "strategy=\"blue-green\"", "status=\"success\"")
                 && DateTime.UtcNow < deadline);
        Assert.Equal(1, Value(after, "harombe_rotations_started_total", "strategy=\"blue-green\"") - Value(before, "harombe_rotations_started_total", "strategy=\"blue-green\""));
        Assert.Equal(1, Value(after, "harombe_rotations_completed_total", "strategy=\"blue-green\"", "status=\"success\"")
                        - Value(before, "harombe_rotations_completed_total", "strategy=\"blue-green\"", "status=\"success\""));
        Assert.Equal(1, Value(after, "harombe_rollbacks_total", "trigger=\"operator\"") - Value(before, "harombe_rollbacks_total", "trigger=\"operator\""));
        Assert.True(Value(after, "harombe_rotation_duration_seconds_count", "strategy=\"blue-green\"") >= 1);
        Assert.True(Value(after, "harombe_api_requests_total", "method=\"Operator/Rotate\"", "status=\"OK\"") >= 1);
        Assert.Contains(after.Keys, k => k.StartsWith("harombe_rotations_in_flight", StringComparison.Ordinal));
        Assert.Contains(after.Keys, k => k.StartsWith("harombe_consumers{", StringComparison.Ordinal));

        var text = await http.GetStringAsync("/metrics");
        Assert.DoesNotContain("/metrics/db", text);
        Assert.DoesNotContain("secret_path", text);
    }

    [Fact]
    public async Task Refused_tokens_are_counted()
    {
        using var http = host.Http();
        var before = Value(Parse(await http.GetStringAsync("/metrics")), "harombe_api_auth_refused_total", "kind=\"operator\"");
        for (var i = 0; i < 3; i++) await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/stats", "wrong-token-wrong-token-wrong");
        Assert.Equal(3, Value(Parse(await http.GetStringAsync("/metrics")), "harombe_api_auth_refused_total", "kind=\"operator\"") - before);
    }

    /// <summary>Prometheus text: "name{labels} value" lines, keyed by the whole "name{labels}".</summary>
    private static Dictionary<string, double> Parse(string text) =>
        text.Split('\n').Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => l.Split(' '))
            .Where(p => p.Length >= 2 && double.TryParse(p[1], System.Globalization.CultureInfo.InvariantCulture, out _))
            .GroupBy(p => p[0]).ToDictionary(g => g.Key, g => double.Parse(g.First()[1], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The sum of the series of <paramref name="name"/> whose labels include every one of <paramref name="labels"/>.</summary>
    private static double Value(Dictionary<string, double> metrics, string name, params string[] labels) =>
        metrics.Where(kv => (kv.Key == name || kv.Key.StartsWith(name + "{", StringComparison.Ordinal)) && labels.All(l => kv.Key.Contains(l, StringComparison.Ordinal))).Sum(kv => kv.Value);
}

/// <summary>A host that starts: live all along, ready once it serves; not ready while it has not joined.</summary>
public class HostStartupTests
{
    [Fact]
    public async Task Readiness_is_false_while_the_host_starts_and_true_once_it_serves()
    {
        var api = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
        var dir = Directory.CreateTempSubdirectory("harombe-startup-").FullName;
        var info = Processes.Dotnet(Processes.HostDll, ["--port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--api-port", api.ToString(), "--data-dir", dir]);
        using var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api}"), Timeout = TimeSpan.FromSeconds(10) };
            var seen = new List<(HttpStatusCode Ready, HttpStatusCode Live)>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline && (seen.Count == 0 || seen[^1].Ready != HttpStatusCode.OK))
            {
                try
                {
                    var ready = (await http.GetAsync("/healthz/ready")).StatusCode;
                    seen.Add((ready, (await http.GetAsync("/healthz/live")).StatusCode));
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }
            Assert.True(seen.Count > 0 && seen[^1].Ready == HttpStatusCode.OK, $"never ready: {string.Join(", ", seen)}");
            Assert.All(seen, s => Assert.Equal(HttpStatusCode.OK, s.Live));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// Not ready until it is a member, shown without racing a start: a host whose only seed never answers (PostgreSQL,
    /// so other seeds are allowed) serves its front door, is live, and stays not ready, saying it has not joined.
    /// (Whether the first answer of a normal start comes before the join depends on the machine's speed.)
    /// </summary>
    [Fact]
    public async Task A_host_that_has_not_joined_is_live_but_not_ready()
    {
        await using var postgres = await TestSupport.PostgresServer.StartAsync();
        var api = Actors.Hosting.EmbeddedNode.FreeLoopbackPort();
        var dir = Directory.CreateTempSubdirectory("harombe-unjoined-").FullName;
        var info = Processes.Dotnet(Processes.HostDll, ["--port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--api-port", api.ToString(), "--data-dir", dir,
            "--seed", $"127.0.0.1:{Actors.Hosting.EmbeddedNode.FreeLoopbackPort()}"]);
        info.Environment["Harombe__Persistence"] = "postgres";
        info.Environment["Harombe__PostgresConnectionString"] = await postgres.CreateDatabaseAsync();
        using var process = Process.Start(info)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{api}"), Timeout = TimeSpan.FromSeconds(10) };
            var answers = new List<(HttpStatusCode Ready, string Says, HttpStatusCode Live)>();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (answers.Count < 20)
            {
                Assert.True(DateTime.UtcNow < deadline && !process.HasExited, $"only {answers.Count} answers");
                try
                {
                    using var ready = await http.GetAsync("/healthz/ready");
                    answers.Add((ready.StatusCode, await ready.Content.ReadAsStringAsync(), (await http.GetAsync("/healthz/live")).StatusCode));
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }
            Assert.All(answers, a => Assert.Equal((HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK), (a.Ready, a.Live)));
            Assert.Contains("Have not yet joined", answers[^1].Says);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Directory.Delete(dir, true);
        }
    }

    [Theory]
    [InlineData("http://0.0.0.0:{0}", "plaintext beyond loopback")]
    [InlineData("http://10.1.2.3:{0}", "plaintext beyond loopback")]
    [InlineData("https://127.0.0.1:{0}", "https needs Harombe:Api:Certificate")]
    [InlineData("ftp://127.0.0.1:{0}", "must be http://HOST:PORT or https://HOST:PORT")]
    public async Task A_front_door_that_would_be_unsafe_refuses_to_start_and_says_what_to_configure(string url, string says)
    {
        var dir = Directory.CreateTempSubdirectory("harombe-refuse-").FullName;
        try
        {
            var run = await Processes.RunProgramAsync(Processes.HostDll,
                ["--port", Actors.Hosting.EmbeddedNode.FreeLoopbackPort().ToString(), "--api-url", string.Format(System.Globalization.CultureInfo.InvariantCulture, url, Actors.Hosting.EmbeddedNode.FreeLoopbackPort()), "--data-dir", dir],
                limit: TimeSpan.FromSeconds(60));
            Assert.True(run.ExitCode == 2, run.ToString());
            Assert.Contains("Harombe:Api", run.Stderr);
            Assert.Contains(says, run.Stderr);
            Assert.DoesNotContain("   at ", run.Stderr);
            // Refused before anything was created.
            Assert.False(File.Exists(Path.Combine(dir, "journal.db")));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
