using System.Net;
using HarombeActors.Actors.Security;
using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>A front door with TLS: one port serves HTTP/1.1 (JSON, health) and HTTP/2 (native gRPC, the CLI over https).</summary>
public class FrontDoorTlsTests(TlsHost host) : IClassFixture<TlsHost>
{
    [Fact]
    public async Task The_cli_speaks_native_grpc_over_tls_trusting_the_given_ca()
    {
        Assert.Equal(0, (await host.PipeAsync("tls-value-1", "secret", "put", "/tls/db")).ExitCode);
        var read = await host.RunAsync("secret", "get", "/tls/db", "--reveal", "--json");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Equal("tls-value-1", HostProcess.Json(read).GetProperty("value").GetString());
        var rotate = await host.RunAsync("secret", "rotate", "/tls/db", "--strategy", "dual-write", "--json");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
    }

    [Fact]
    public async Task Json_and_health_answer_over_http_1_1_with_tls()
    {
        using var http = host.Http();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/ready") { Version = HttpVersion.Version11, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
        using var response = await http.SendAsync(request);
        Assert.Equal((HttpStatusCode.OK, HttpVersion.Version11), (response.StatusCode, response.Version));
    }

    [Fact]
    public async Task A_client_that_trusts_another_ca_does_not_talk_to_it()
    {
        using var otherCa = CertificateAuthority.CreateCa("some other ca", TimeSpan.FromDays(1));
        using var http = host.Http(otherCa);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/healthz/live"));

        // The CLI without --ca-cert trusts the system roots only: unreachable, never a silent downgrade to plaintext.
        var run = await Processes.RunCliAsync(["stats", "--json", "--contact", host.Contact, "--data-dir", host.DataDir, "--timeout", "5s"]);
        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Equal("unreachable", HostProcess.Json(run).GetProperty("error").GetProperty("code").GetString());
    }
}
