using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Events;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>Each test gets its own real node (SQLite files in a fresh temp folder) and a TestKit bound to its system.</summary>
public abstract class NodeTest(Xunit.Abstractions.ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The test's output: the node logs its warnings and errors there.</summary>
    protected Xunit.Abstractions.ITestOutputHelper Output { get; } = output;

    protected static readonly Principal Alice = new("alice");
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// The longest staleAfter a policy allows: a probe consumer that heartbeats once stays live however slowly the test
    /// runs (at the default 30 s a stalled machine could turn it stale and end a wait early). Staleness itself is
    /// tested by moving the node's clock.
    /// </summary>
    protected static readonly TimeSpan NeverStale = TimeSpan.FromHours(24);

    protected readonly FakeVerificationTest AcceptsGood = new("accepts_good", v => v.StartsWith("good", StringComparison.Ordinal));
    protected readonly GatedVerificationTest Gate = new("gate");

    protected TestNode Node { get; private set; } = null!;
    protected TestKit Kit { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        var node = CreateNode();
        node.Output ??= Output;
        Node = await node.StartAsync();
        Kit = new TestKit(Node.System);
    }

    /// <summary>The node of each test; a class that needs other options or fakes says so here.</summary>
    protected virtual TestNode CreateNode() => new(null, AcceptsGood, Gate);

    public virtual async Task DisposeAsync() => await Node.DisposeAsync();

    protected async Task<ISecretReply> Ask(ISecretMessage message) => await Node.Region.Ask<ISecretReply>(message, AskTimeout);

    protected async Task<T> Ask<T>(ISecretMessage message) where T : ISecretReply
    {
        var reply = await Ask(message);
        return reply is T t ? t : throw new Xunit.Sdk.XunitException($"expected {typeof(T).Name}, got {reply}");
    }

    protected static SecretPath P(string path) => SecretPath.Parse(path);

    protected Task<SecretWriteAccepted> Put(SecretPath path, string value) =>
        Ask<SecretWriteAccepted>(new WriteSecret(path, SecretValue.Create(value), Alice));

    protected async Task<RotationResult> Rotate(SecretPath path, RotationPolicy policy, string value) =>
        (await Ask<RotationOutcome>(new RotateSecret(path, Alice, policy, SecretValue.Create(value)))).Result;

    protected async Task<string> Reveal(SecretPath path, string selector = "current")
    {
        Domain.Queries.VersionSelector.TryParse(selector, out var s);
        return (await Ask<SecretRead>(new Domain.Queries.GetSecret(path, s, Reveal: true))).Value!.RevealPlaintext();
    }

    /// <summary>A heartbeat from <paramref name="consumer"/> through the region; notices for it go to <paramref name="replyTo"/>.</summary>
    protected void Beat(SecretPath path, string consumer, int version, IActorRef replyTo, ConsumerRole role = ConsumerRole.Client) =>
        Node.Region.Tell(new Heartbeat(path, consumer, version, DateTimeOffset.UtcNow, replyTo, role));

    /// <summary>Returns once the secret lists <paramref name="count"/> consumers.</summary>
    protected async Task Registered(SecretPath path, int count) =>
        await Kit.AwaitAssertAsync(async () => Assert.Equal(count, (await Ask<ConsumerList>(new GetConsumers(path))).Consumers.Count), TimeSpan.FromSeconds(30));

    protected Task<IReadOnlyList<ISecretEvent>> Journal(SecretPath path) => JournalReader.EventsAsync(Node.System, path);

    /// <summary>Returns the secret's journal once it holds an event <paramref name="match"/> accepts (wide bound: what it waits for is decided by then).</summary>
    protected async Task<IReadOnlyList<ISecretEvent>> JournalWith(SecretPath path, Func<ISecretEvent, bool> match, TimeSpan? within = null)
    {
        IReadOnlyList<ISecretEvent> events = [];
        await Kit.AwaitAssertAsync(async () =>
        {
            events = await Journal(path);
            Assert.Contains(events, e => match(e));
        }, within ?? TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(50));
        return events;
    }

    protected static RotationPolicy Policy(RotationStrategy strategy, params string[] tests) => new()
    {
        Strategy = strategy,
        RequireVerification = tests.Length > 0,
        VerificationTests = tests,
        MaxRetries = 0,
    };
}
