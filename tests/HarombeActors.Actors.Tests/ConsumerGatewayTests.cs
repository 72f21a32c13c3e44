using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Access;
using HarombeActors.Actors.Consumers;
using HarombeActors.Contracts.Messages;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>The consumer gateway alone, with a probe standing in for the secret region (a fake region, named so).</summary>
public class ConsumerGatewayTests : TestKit
{
    private const string Token = "consumer-token-for-gateway-tests";
    private static readonly SecretPath Path = SecretPath.Parse("/gateway/db");

    private (IActorRef Gateway, Akka.TestKit.TestProbe FakeRegion) Start()
    {
        var region = CreateTestProbe();
        return (Sys.ActorOf(ConsumerGateway.Props(region.Ref, new ConsumerAuthenticator(Token))), region);
    }

    [Fact]
    public void Heartbeats_status_and_value_reads_pass_with_the_token_and_keep_their_sender()
    {
        var (gateway, region) = Start();
        var heartbeat = new Heartbeat(Path, "svc", 1, DateTimeOffset.UtcNow, TestActor);
        ISecretMessage[] allowed = [heartbeat, new GetStatus(Path), new GetSecret(Path, VersionSelector.Current, true)];
        foreach (var message in allowed)
        {
            gateway.Tell(new ConsumerRequest(Token, message), TestActor);
            Assert.Equal(message, region.ExpectMsg<ISecretMessage>());
            Assert.Equal(TestActor, region.LastSender);
        }
    }

    [Fact]
    public void A_wrong_token_is_refused_and_nothing_reaches_the_region()
    {
        var (gateway, region) = Start();
        gateway.Tell(new ConsumerRequest("not-the-token", new GetSecret(Path, VersionSelector.Current, true)), TestActor);
        Assert.Equal(RejectionCode.Unauthorized, ExpectMsg<CommandRejected>().Rejection.Code);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void A_consumer_token_cannot_write_rotate_or_roll_back()
    {
        var (gateway, region) = Start();
        ISecretMessage[] forbidden =
        [
            new WriteSecret(Path, SecretValue.Create("from-a-consumer"), new Principal("consumer")),
            new RotateSecret(Path, new Principal("consumer")),
            new RollbackSecret(Path, new Principal("consumer"), "no"),
        ];
        foreach (var message in forbidden)
        {
            gateway.Tell(new ConsumerRequest(Token, message), TestActor);
            var refused = ExpectMsg<CommandRejected>();
            Assert.Equal(RejectionCode.BadInput, refused.Rejection.Code);
            Assert.Contains("message:", refused.Rejection.Message);
        }
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
