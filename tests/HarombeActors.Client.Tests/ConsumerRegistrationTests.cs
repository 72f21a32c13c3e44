using Akka.Actor;
using Akka.TestKit.Xunit2;
using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Api.Hosting;
using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Queries;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Client.Tests;

/// <summary>The Microsoft.Extensions.Hosting way in: consumers configured from appsettings-style configuration.</summary>
public class ConsumerRegistrationTests
{
    private static ArgumentException Refused(Dictionary<string, string?> settings) =>
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddHarombeConsumers(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));

    [Fact]
    public void Bad_configuration_is_refused_at_registration_naming_the_field_and_the_rule()
    {
        var both = Refused(new()
        {
            ["Harombe:Consumer:Seeds:0"] = "127.0.0.1:4053", ["Harombe:Consumer:Contacts:0"] = "127.0.0.1:4053",
            ["Harombe:Consumer:Secrets:0:Path"] = "/db", ["Harombe:Consumer:Secrets:0:ConsumerId"] = "api",
        });
        Assert.Contains("either Seeds", both.Message);

        var badPath = Refused(new() { ["Harombe:Consumer:Seeds:0"] = "127.0.0.1:4053", ["Harombe:Consumer:Secrets:0:Path"] = "db", ["Harombe:Consumer:Secrets:0:ConsumerId"] = "api" });
        Assert.Equal("Harombe:Consumer:Secrets:0:Path: must start with '/'", badPath.Message);

        var badId = Refused(new() { ["Harombe:Consumer:Seeds:0"] = "127.0.0.1:4053", ["Harombe:Consumer:Secrets:0:Path"] = "/db", ["Harombe:Consumer:Secrets:0:ConsumerId"] = "no spaces" });
        Assert.StartsWith("Harombe:Consumer:Secrets:0:ConsumerId: may contain only", badId.Message);

        var noToken = Refused(new() { ["Harombe:Consumer:Contacts:0"] = "127.0.0.1:4053", ["Harombe:Consumer:Secrets:0:Path"] = "/db", ["Harombe:Consumer:Secrets:0:ConsumerId"] = "api" });
        Assert.StartsWith("Harombe:Consumer:Token: required", noToken.Message);

        var badContact = Refused(new()
        {
            ["Harombe:Consumer:Contacts:0"] = "no-port-here", ["Harombe:Consumer:Token"] = "a-consumer-token-for-tests",
            ["Harombe:Consumer:Secrets:0:Path"] = "/db", ["Harombe:Consumer:Secrets:0:ConsumerId"] = "api",
        });
        Assert.Equal("Harombe:Consumer:Contacts:0: 'no-port-here' must be HOST:PORT or http(s)://HOST:PORT", badContact.Message);
    }

    [Fact]
    public async Task A_service_configured_with_contacts_and_the_token_consumes_through_the_front_door_failing_over_from_a_dead_contact()
    {
        const string token = "consumer-token-for-the-tests";
        var dir = Directory.CreateTempSubdirectory("harombe-registration-").FullName;
        var host = await EmbeddedHost.StartAsync(new HarombeOptions
        {
            Port = EmbeddedNode.FreeLoopbackPort(), DataDir = dir, ActorSystemName = "harombe-reg", ConsumerToken = token,
            Api = new ApiOptions { Port = EmbeddedNode.FreeLoopbackPort() },
        });
        var path = SecretPath.Parse("/registration/db");
        try
        {
            await host.Region.Ask<ISecretReply>(new WriteSecret(path, SecretValue.Create("configured-value"), new Principal("ops")), TimeSpan.FromSeconds(15));
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                // The first contact is dead: the consumer fails over to the next and consumes from it.
                ["Harombe:Consumer:Contacts:0"] = $"127.0.0.1:{EmbeddedNode.FreeLoopbackPort()}",
                ["Harombe:Consumer:Contacts:1"] = host.Contact,
                ["Harombe:Consumer:Token"] = token,
                ["Harombe:Consumer:Secrets:0:Path"] = path.Value,
                ["Harombe:Consumer:Secrets:0:ConsumerId"] = "database",
                ["Harombe:Consumer:Secrets:0:Role"] = "Resource",
                ["Harombe:Consumer:Secrets:0:HeartbeatInterval"] = "00:00:01",
            });
            builder.Services.AddHarombeConsumers(builder.Configuration);
            using var service = builder.Build();
            await service.StartAsync();
            try
            {
                var credentials = service.Services.GetRequiredService<SecretCredentialsRegistry>()[path.Value];
                var kit = new TestKit(host.System);
                await kit.AwaitAssertAsync(async () =>
                {
                    Assert.True(credentials.Accepts("configured-value"));
                    var consumer = Assert.Single(((ConsumerList)await host.Region.Ask<ISecretReply>(new GetConsumers(path), TimeSpan.FromSeconds(5))).Consumers);
                    Assert.Equal(("database", ConsumerRole.Resource), (consumer.ConsumerId, consumer.Role));
                }, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(100));
            }
            finally
            {
                await service.StopAsync();
            }
        }
        finally
        {
            await host.DisposeAsync();
            Directory.Delete(dir, true);
        }
    }
}
