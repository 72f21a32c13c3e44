using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Hosting;
using HarombeActors.Actors.Targets;
using HarombeActors.Actors.Verification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace HarombeActors.Backends.Tests;

/// <summary>Backends as configured: refused at start when they cannot work, their login tests kept out of policies.</summary>
public class ConfigurationTests
{
    [Theory]
    [InlineData("mysql", "x", "Harombe:Backends:b:Kind")]
    [InlineData(null, "x", "Harombe:Backends:b:Kind")]
    [InlineData("postgres", null, "Harombe:Backends:b:AdminConnection")]
    [InlineData("postgres", "Host=127.0.0.1;Password=se;cret;Nonsense=1", "Harombe:Backends:b:AdminConnection")]
    public void A_backend_that_cannot_work_stops_the_host_naming_the_setting(string? kind, string? admin, string field)
    {
        var refused = Assert.Throws<HarombeConfigurationException>(() => BackendRegistration.Create("b", new BackendOptions { Kind = kind, AdminConnection = admin }));
        Assert.StartsWith(field, refused.Message);
        Assert.DoesNotContain("cret", refused.Message);
    }

    [Fact]
    public void A_backends_login_test_runs_for_its_secrets_but_no_policy_may_name_it()
    {
        var services = new ServiceCollection().AddLogging().AddSingleton<ICredentialBackend>(new PostgresBackend("pg", "Host=127.0.0.1;Username=x;Password=y;Database=z"));
        services.AddHarombeServices(new HarombeOptions { MasterKey = Convert.ToBase64String(new byte[32]) });
        using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<VerificationRegistry>();
        Assert.True(registry.Has("backend:pg"));
        Assert.DoesNotContain("backend:pg", registry.Names);
    }
}
