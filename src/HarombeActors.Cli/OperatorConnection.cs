using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Operator;
using HarombeActors.Contracts.Serialization;

namespace HarombeActors.Cli;

/// <summary>
/// A short-lived, non-member actor system that reaches the operator gateway of any host through the
/// ClusterClientReceptionist, sends one request, and yields the streamed progress and the final result.
/// </summary>
public sealed class OperatorConnection : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IActorRef _client;
    private readonly IActorRef _inbox;
    private readonly Channel<object> _received = Channel.CreateUnbounded<object>();

    public string Contact { get; }

    private OperatorConnection(string contact, string systemName)
    {
        Contact = contact;
        var (host, port) = SplitContact(contact);
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = OFF
              stdout-loglevel = OFF
              log-dead-letters = off
              log-dead-letters-during-shutdown = off
              actor.provider = remote
              remote.dot-netty.tcp { hostname = "{{LocalAddressFor(host)}}", port = 0 }
              cluster.client {
                initial-contacts = ["akka.tcp://{{systemName}}@{{host}}:{{port}}/system/receptionist"]
                establishing-get-contacts-interval = 200ms
                reconnect-timeout = off
              }
              coordinated-shutdown.run-by-clr-shutdown-hook = off
            }
            """)
            .WithFallback(ConfigurationFactory.ParseString(HarombeHocon.Text))
            // Akka.Cluster.Tools' own serializers (the client's Send envelope is a pub-sub message); without them the
            // envelope and our payload would fall back to the default JSON serializer.
            .WithFallback(ClusterClientReceptionist.DefaultConfig())
            .WithFallback(Akka.Cluster.Tools.PublishSubscribe.DistributedPubSub.DefaultConfig());
        _system = ActorSystem.Create("harombe-cli", config);
        _client = _system.ActorOf(ClusterClient.Props(ClusterClientSettings.Create(_system)), "client");
        _inbox = _system.ActorOf(Props.Create(() => new Inbox(_received.Writer)), "inbox");
    }

    public static OperatorConnection Open(string contact, string systemName = "harombe") => new(contact, systemName);

    /// <summary>
    /// Sends the request; calls <paramref name="onProgress"/> for every progress message and returns the final
    /// result. No answer at all within <paramref name="timeout"/> means the cluster is unreachable (exit 3); once
    /// answering, silence longer than <paramref name="timeout"/> (at least 30 s) between messages is an error too.
    /// </summary>
    public async Task<OperatorResult> SendAsync(IHarombeMessage request, TimeSpan timeout, Action<OperatorProgress>? onProgress = null)
    {
        _client.Tell(new ClusterClient.Send(OperatorGatewayPath.Path, request), _inbox);
        var first = true;
        while (true)
        {
            var wait = first ? timeout : TimeSpan.FromTicks(Math.Max(timeout.Ticks, TimeSpan.FromSeconds(30).Ticks));
            using var cts = new CancellationTokenSource(wait);
            object message;
            try
            {
                message = await _received.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw first
                    ? new CliException(ExitCodes.Unreachable, "unreachable", $"cluster unreachable: no answer from {Contact} within {wait.TotalSeconds:0.#} s")
                    : new CliException(ExitCodes.Unreachable, "unreachable", $"lost contact with {Contact}: nothing heard for {wait.TotalSeconds:0.#} s");
            }
            first = false;
            switch (message)
            {
                case OperatorProgress progress:
                    onProgress?.Invoke(progress);
                    break;
                case OperatorResult result:
                    return result;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        // The process exits right after; do not let a slow remoting shutdown hold the operator's prompt.
        await Task.WhenAny(_system.Terminate(), Task.Delay(TimeSpan.FromSeconds(2)));
    }

    private static (string Host, int Port) SplitContact(string contact)
    {
        var colon = contact.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(contact[(colon + 1)..], out var port) || port is < 1 or > 65535)
            throw CliException.BadInput($"--contact: '{contact}' must be HOST:PORT");
        return (contact[..colon], port);
    }

    /// <summary>The local address the host can reach us on: loopback for a loopback contact, else the outgoing interface.</summary>
    private static string LocalAddressFor(string host)
    {
        if (host is "localhost" || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip))) return "127.0.0.1";
        try
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(host, 9); // UDP connect sends nothing; it only picks the route
            return ((IPEndPoint)probe.LocalEndPoint!).Address.ToString();
        }
        catch (SocketException)
        {
            return "127.0.0.1";
        }
    }

    private sealed class Inbox : ReceiveActor
    {
        public Inbox(ChannelWriter<object> writer) => ReceiveAny(m => writer.TryWrite(m));
    }
}
