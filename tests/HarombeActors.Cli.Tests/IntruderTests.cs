using Akka.Actor;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using HarombeActors.Actors.Security;
using HarombeActors.Cli.Tests.Support;
using HarombeActors.Contracts.Serialization;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Values;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// Remoting as an attacker sees it: the host's port speaks mutual TLS with the cluster's CA only. A process without a
/// certificate, or with one from another CA, can neither read, rotate nor forge anything, and cannot join; the host
/// stays up and its history unchanged.
/// </summary>
public class IntruderTests(HostProcess host) : IClassFixture<HostProcess>
{
    private const string Path = "/intruder/db";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(3);

    /// <summary>An actor system that is not a member; with <paramref name="tls"/> it offers that certificate (and trusts that CA).</summary>
    private static ActorSystem Outsider(string name, (System.Security.Cryptography.X509Certificates.X509Certificate2 Certificate, System.Security.Cryptography.X509Certificates.X509Certificate2 Ca)? tls)
    {
        var config = ConfigurationFactory.ParseString($$"""
            akka.actor.provider = remote
            akka.loglevel = OFF
            akka.stdout-loglevel = OFF
            akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0, enable-ssl = {{(tls is null ? "false" : "true")}} }
            akka.coordinated-shutdown.exit-clr = off
            """).WithFallback(ConfigurationFactory.ParseString(HarombeHocon.Text.Replace("provider = cluster", "provider = remote")));
        if (tls is not { } t) return ActorSystem.Create(name, config);
        var setup = new DotNettySslSetup(t.Certificate, false, true, false, (_, _, _, _, _) => true);
        return ActorSystem.Create(name, Akka.Actor.Setup.ActorSystemSetup.Create(Akka.Actor.BootstrapSetup.Create().WithConfig(config), setup));
    }

    private async Task<string> History() => (await host.RunAsync("secret", "history", Path, "--json")).Stdout;

    [Fact]
    public async Task Without_a_cluster_certificate_nothing_can_be_read_rotated_or_forged_over_remoting()
    {
        Assert.Equal(0, (await host.PipeAsync("intruder-target-value", "secret", "put", Path)).ExitCode);
        var before = await History();
        using var otherCa = CertificateAuthority.CreateCa("not the cluster ca", TimeSpan.FromDays(1));
        using var stranger = CertificateAuthority.Issue(otherCa, "stranger", ["127.0.0.1"], TimeSpan.FromDays(1));
        foreach (var (label, tls) in new (string, (System.Security.Cryptography.X509Certificates.X509Certificate2, System.Security.Cryptography.X509Certificates.X509Certificate2)?)[]
                 { ("no certificate", null), ("another CA's certificate", (stranger, otherCa)) })
        {
            var system = Outsider("intruder", tls);
            try
            {
                var path = SecretPath.Parse(Path);
                var attempts = new object[]
                {
                    new GetSecret(path, VersionSelector.Current, Reveal: true),
                    new RotateSecret(path, new Principal("alice"), NewValue: SecretValue.Create("attacker-chosen-value")),
                    new CompleteVerification(new RotationId("rot-forged"), 1, [new CheckOutcome("forged", true, "ok", 1)]),
                };
                // Each kind of system speaks its own scheme: plain akka.tcp, or akka.ssl.tcp with its certificate.
                var scheme = tls is null ? "akka.tcp" : "akka.ssl.tcp";
                var asks = (from target in new[] { "/system/sharding/secret", "/system/sharding/secret/*/*", "/user" }
                            from attempt in attempts
                            select (What: $"{label}: {scheme}{target} {attempt.GetType().Name}",
                                    Answer: system.ActorSelection($"{scheme}://harombe@127.0.0.1:{host.Port}{target}").Ask<object>(attempt, Patience))).ToList();
                foreach (var (what, answer) in asks)
                {
                    var got = await Task.WhenAny(answer, Task.Delay(Patience + TimeSpan.FromSeconds(2)));
                    Assert.False(got == answer && answer.IsCompletedSuccessfully, $"{what} got an answer");
                }
            }
            finally
            {
                await system.Terminate();
            }
        }
        Assert.Equal(before, await History());
        var revealed = HostProcess.Json(await host.RunAsync("secret", "get", Path, "--reveal", "--json"));
        Assert.Equal("intruder-target-value", revealed.GetProperty("value").GetString());
        using var http = host.Http();
        Assert.True((await http.GetAsync("/healthz/ready")).IsSuccessStatusCode, host.Tail);
    }

    [Fact]
    public async Task A_node_with_another_cas_certificate_cannot_join_and_the_host_stays_up()
    {
        using var otherCa = CertificateAuthority.CreateCa("not the cluster ca", TimeSpan.FromDays(1));
        using var stranger = CertificateAuthority.Issue(otherCa, "rogue host", ["127.0.0.1"], TimeSpan.FromDays(1));
        var dir = host.MemberCertificates();
        CertificateAuthority.SavePem(stranger, System.IO.Path.Combine(dir, "node.pem"), System.IO.Path.Combine(dir, "node.key"));
        CertificateAuthority.SavePem(otherCa, System.IO.Path.Combine(dir, "ca.pem"), null);
        // A rogue member with the host role would receive shards and plaintext: it must never get in.
        var rogue = Actors.Hosting.EmbeddedNode.StartClientAsync(new Actors.Configuration.HarombeOptions
        {
            Port = Actors.Hosting.EmbeddedNode.FreeLoopbackPort(), Seeds = [host.Seed], SplitBrainStableAfter = TimeSpan.FromSeconds(2),
            Cluster = new Actors.Configuration.ClusterTlsOptions
            {
                Certificate = System.IO.Path.Combine(dir, "node.pem"), CertificateKey = System.IO.Path.Combine(dir, "node.key"), CaCertificate = System.IO.Path.Combine(dir, "ca.pem"),
            },
        }, joinTimeout: TimeSpan.FromSeconds(10));
        // It never becomes a member: given up after 10 s (and stopped again).
        await Assert.ThrowsAsync<TimeoutException>(() => rogue);
        var members = HostProcess.Json(await host.RunAsync("cluster", "show", "--json")).GetProperty("members");
        Assert.Equal(1, members.GetArrayLength());
        using var http = host.Http();
        Assert.True((await http.GetAsync("/healthz/ready")).IsSuccessStatusCode, host.Tail);
        Assert.Contains("cluster TLS: refused", host.Tail);
    }
}
