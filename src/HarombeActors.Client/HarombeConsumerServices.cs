using System.Security.Cryptography.X509Certificates;
using Akka.Hosting;
using HarombeActors.Domain.Ids;
using HarombeActors.Protocol;
using HarombeActors.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Client;

public static class HarombeConsumerServices
{
    /// <summary>Binds <see cref="HarombeConsumerOptions"/> from "Harombe:Consumer" and registers the consumers.</summary>
    public static IServiceCollection AddHarombeConsumers(this IServiceCollection services, IConfiguration configuration) =>
        services.AddHarombeConsumers(configuration.GetSection(HarombeConsumerOptions.Section).Get<HarombeConsumerOptions>() ?? new HarombeConsumerOptions());

    /// <summary>
    /// Registers an actor system that consumes the configured secrets, as a client node or from outside the cluster,
    /// and a <see cref="SecretCredentialsRegistry"/> the application injects to read them. Bad configuration is
    /// refused at registration with the field and the rule.
    /// </summary>
    public static IServiceCollection AddHarombeConsumers(this IServiceCollection services, HarombeConsumerOptions options)
    {
        var consumers = Validate(options);
        var registry = new SecretCredentialsRegistry(consumers.ToDictionary(c => c.Options.Path, c => c.Credentials));
        services.AddSingleton(registry);
        if (options.Contacts.Count > 0) return services.AddFrontDoorConsumers(options, consumers);
        var tls = ClusterTls.Load(options.Cluster.Certificate, options.Cluster.CertificateKey, options.Cluster.CertificatePassword, options.Cluster.CaCertificate,
            HarombeConsumerOptions.Section + ":Cluster");
        services.AddAkka(options.SystemName, akka =>
        {
            akka.ConfigureLoggers(loggers => loggers.AddLoggerFactory())
                .WithHarombeClientNode(new MembershipSettings(options.SystemName, options.Hostname, options.Port, options.Seeds, options.SplitBrainStableAfter, tls));
            foreach (var (consumerOptions, credentials) in consumers) akka.WithSecretConsumer(consumerOptions, credentials);
        });
        return services;
    }

    /// <summary>Outside the cluster: the front door's Consumer service, with the consumer token, failing over between contacts.</summary>
    private static IServiceCollection AddFrontDoorConsumers(this IServiceCollection services, HarombeConsumerOptions options,
        IReadOnlyList<(SecretConsumerOptions Options, SecretCredentials Credentials)> consumers)
    {
        const string section = HarombeConsumerOptions.Section;
        var token = options.Token ?? Environment.GetEnvironmentVariable(FrontDoor.ConsumerTokenVariable);
        if (string.IsNullOrWhiteSpace(token)) throw new ArgumentException($"{section}:Token: required with Contacts (or set {FrontDoor.ConsumerTokenVariable})");
        for (var i = 0; i < options.Contacts.Count; i++)
        {
            try
            {
                FrontDoorChannels.Address(options.Contacts[i]);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"{section}:Contacts:{i}: {e.Message}");
            }
        }
        X509Certificate2? ca = null;
        if (options.CaCertificate is { } file)
        {
            try
            {
                ca = X509CertificateLoader.LoadCertificateFromFile(file);
            }
            catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
            {
                throw new ArgumentException($"{section}:CaCertificate: cannot read {file}: {e.Message}");
            }
        }
        services.AddSingleton(new FrontDoorConnection(options.Contacts, token.Trim(), ca));
        services.AddHostedService(sp => new FrontDoorConsumers(sp.GetRequiredService<FrontDoorConnection>(), consumers, sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    private static List<(SecretConsumerOptions Options, SecretCredentials Credentials)> Validate(HarombeConsumerOptions options)
    {
        const string section = HarombeConsumerOptions.Section;
        if ((options.Seeds.Count > 0) == (options.Contacts.Count > 0))
            throw new ArgumentException($"{section}: give either Seeds (join as a client node) or Contacts (stay outside the cluster), not both or neither");
        if (options.Secrets.Count == 0) throw new ArgumentException($"{section}:Secrets: at least one secret to consume");
        var result = new List<(SecretConsumerOptions, SecretCredentials)>();
        for (var i = 0; i < options.Secrets.Count; i++)
        {
            var s = options.Secrets[i];
            var field = $"{section}:Secrets:{i}";
            if (!SecretPath.TryParse(s.Path, out var path, out var badPath, $"{field}:Path")) throw new ArgumentException(badPath.Message);
            if (!ConsumerId.TryParse(s.ConsumerId, out var id, out var badId, $"{field}:ConsumerId")) throw new ArgumentException(badId.Message);
            if (s.HeartbeatInterval < TimeSpan.FromMilliseconds(100) || s.HeartbeatInterval > TimeSpan.FromMinutes(10))
                throw new ArgumentException($"{field}:HeartbeatInterval: must be between 100 ms and 10 minutes");
            if (result.Any(r => r.Item1.Path == path)) throw new ArgumentException($"{field}:Path: {path} is listed twice");
            result.Add((new SecretConsumerOptions(path, id) { Role = s.Role, HeartbeatInterval = s.HeartbeatInterval }, new SecretCredentials()));
        }
        return result;
    }
}
