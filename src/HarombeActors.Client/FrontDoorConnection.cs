using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Client;

/// <summary>
/// The contacts a service consumes through, one channel each (opened lazily, shared by every consumed secret), the
/// consumer token as call metadata, and which contact is in use: a consumer that fails moves everyone on to the next.
/// </summary>
public sealed class FrontDoorConnection : IDisposable
{
    private readonly IReadOnlyList<Uri> _addresses;
    private readonly X509Certificate2? _ca;
    private readonly Dictionary<Uri, GrpcChannel> _channels = [];
    private readonly Lock _lock = new();
    private int _current;

    public FrontDoorConnection(IReadOnlyList<string> contacts, string token, X509Certificate2? ca)
    {
        _addresses = contacts.Select(FrontDoorChannels.Address).ToList();
        _ca = ca;
        Headers = new Metadata { { "authorization", FrontDoor.BearerPrefix + token } };
    }

    public Metadata Headers { get; }

    public (Uri Contact, Consumer.ConsumerClient Client) Current
    {
        get
        {
            lock (_lock)
            {
                var address = _addresses[_current];
                if (!_channels.TryGetValue(address, out var channel)) _channels[address] = channel = FrontDoorChannels.Open(address, _ca);
                return (address, new Consumer.ConsumerClient(channel));
            }
        }
    }

    /// <summary>Moves on from <paramref name="failed"/> (unless another consumer already did).</summary>
    public void FailOver(Uri failed)
    {
        lock (_lock)
        {
            if (_addresses[_current] == failed) _current = (_current + 1) % _addresses.Count;
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values) channel.Dispose();
    }
}
