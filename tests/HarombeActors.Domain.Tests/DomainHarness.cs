using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Security;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Domain.Tests;

/// <summary>A clock that moves 1 ms on every read, so durations are real and deterministic.</summary>
public sealed class SteppingClock(DateTimeOffset start)
{
    private DateTimeOffset _now = start;

    public DateTimeOffset Read() => _now = _now.AddMilliseconds(1);

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>Drives the pure state machine the way the actor does: decide, then apply every event.</summary>
public sealed class DomainHarness
{
    public static readonly byte[] TestKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    public static readonly Principal Operator = new("alice");

    public AesGcmSecretCipher Cipher { get; } = new(TestKey);
    public SteppingClock Clock { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    public HashSet<string> KnownTests { get; } = ["db_login", "api_ping"];
    public HashSet<string> Stale { get; } = [];
    public List<ISecretEvent> Log { get; } = [];
    public SecretState State { get; private set; }

    public DomainHarness(string path = "/secrets/db/password") => State = SecretState.Empty(SecretPath.Parse(path));

    public SecretPath Path => State.Path;

    public Dictionary<string, Targets.BackendInfo> Backends { get; } = new()
    {
        ["pg"] = new(Targets.TargetKind.Postgres, "127.0.0.1", 5432, "app"),
        ["cache"] = new(Targets.TargetKind.Redis, "127.0.0.1", 6379),
        ["cmd"] = new(Targets.TargetKind.Command, "svc.internal", 443),
    };

    public DecisionContext Context => new(Cipher, KnownTests, Stale, Clock.Read) { Backends = Backends };

    public Decision Send(object command)
    {
        var decision = SecretDecider.Decide(State, command, Context);
        foreach (var e in decision.Events)
        {
            State = State.Apply(e);
            Log.Add(e);
        }
        return decision;
    }

    public Decision Write(string value) => Send(new Commands.WriteSecret(Path, SecretValue.Create(value), Operator));

    public string ValueOf(int? version) => Cipher.Open(Path, version!.Value, State.Versions[version.Value].Sealed).RevealPlaintext();

    public string CurrentValue => ValueOf(State.Current);

    public IEnumerable<string> EventTypes => Log.Select(e => e.GetType().Name);
}
