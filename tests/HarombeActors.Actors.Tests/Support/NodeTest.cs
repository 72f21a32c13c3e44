using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Verification;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>Each test gets its own real node (SQLite files in a fresh temp folder) and a TestKit bound to its system.</summary>
public abstract class NodeTest : IAsyncLifetime
{
    protected static readonly Principal Alice = new("alice");
    protected static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(15);

    protected readonly FakeVerificationTest AcceptsGood = new("accepts_good", v => v.StartsWith("good", StringComparison.Ordinal));
    protected readonly GatedVerificationTest Gate = new("gate");

    protected TestNode Node { get; private set; } = null!;
    protected TestKit Kit { get; set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Node = await CreateNode().StartAsync();
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

    protected static RotationPolicy Policy(RotationStrategy strategy, params string[] tests) => new()
    {
        Strategy = strategy,
        RequireVerification = tests.Length > 0,
        VerificationTests = tests,
        MaxRetries = 0,
    };
}
