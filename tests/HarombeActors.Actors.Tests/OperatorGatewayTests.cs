using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Access;
using HarombeActors.Actors.Operator;
using HarombeActors.Actors.Secrets;
using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Decisions;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests;

/// <summary>The operator gateway alone, with a probe standing in for the secret region (a fake region, named so).</summary>
public class OperatorGatewayTests : TestKit
{
    private const string DefaultToken = "operator-token-for-gateway-tests";
    private const string AliceToken = "alice-token-for-gateway-tests";
    private static readonly SecretPath Path = SecretPath.Parse("/gateway/named");

    private (IActorRef Gateway, Akka.TestKit.TestProbe FakeRegion) Start()
    {
        var region = CreateTestProbe();
        var operators = new OperatorAuthenticator(new Dictionary<string, string> { [OperatorAuthenticator.DefaultName] = DefaultToken, ["alice"] = AliceToken });
        return (Sys.ActorOf(OperatorGateway.Props(region.Ref, operators, new SecretActorSettings())), region);
    }

    [Theory]
    [InlineData(AliceToken, "alice")]
    [InlineData(DefaultToken, "operator")]
    public void Each_command_carries_the_name_of_the_token_that_sent_it_whatever_the_request_claims(string token, string name)
    {
        var (gateway, region) = Start();
        gateway.Tell(new OperatorSecretRequest(token, new WriteSecret(Path, SecretValue.Create("named-value"), new Principal("mallory"))), TestActor);
        Assert.Equal(name, region.ExpectMsg<WriteSecret>().By.Name);
        region.Reply(new SecretWriteAccepted(Path, 1, "abcd1234"));
        Assert.IsType<SecretWriteAccepted>(ExpectMsg<OperatorResult>().Payload);

        gateway.Tell(new OperatorSecretRequest(token, new RollbackSecret(Path, new Principal("mallory"), "why")), TestActor);
        Assert.Equal(name, region.ExpectMsg<RollbackSecret>().By.Name);
    }

    [Fact]
    public void An_unknown_token_is_refused_and_nothing_reaches_the_region()
    {
        var (gateway, region) = Start();
        gateway.Tell(new OperatorSecretRequest("mallory-token-mallory-token", new WriteSecret(Path, SecretValue.Create("x-value"), new Principal("alice"))), TestActor);
        Assert.Equal(RejectionCode.Unauthorized, Assert.IsType<CommandRejected>(ExpectMsg<OperatorResult>().Payload).Rejection.Code);
        region.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
