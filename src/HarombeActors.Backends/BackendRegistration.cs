using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;
using Microsoft.Extensions.DependencyInjection;

namespace HarombeActors.Backends;

public static class BackendRegistration
{
    /// <summary>
    /// Registers the configured credential backends (Harombe:Backends) and built-in verification tests (Harombe:Verification). A backend that cannot work (unknown kind, no
    /// admin connection, a name the API could not carry) stops the host at start with the setting to fix, rather than
    /// failing the first rotation.
    /// </summary>
    public static IServiceCollection AddCredentialBackends(this IServiceCollection services, HarombeOptions options)
    {
        foreach (var (name, backend) in options.Backends) services.AddSingleton(Create(name, backend));
        foreach (var (name, check) in options.Verification) services.AddSingleton(BuiltInChecks.Create(name, check));
        return services;
    }

    private static CommandBackend Command(string name, string field, BackendOptions options)
    {
        string Program(string? path, string key) =>
            string.IsNullOrWhiteSpace(path) ? throw new HarombeConfigurationException($"{field}:{key}: is required for a command backend (a program's path)")
            : !Path.IsPathFullyQualified(path) ? throw new HarombeConfigurationException($"{field}:{key}: must be an absolute path (got '{path}')")
            : !File.Exists(path) ? throw new HarombeConfigurationException($"{field}:{key}: {path} does not exist")
            : path;
        return new CommandBackend(name, Program(options.SetCommand, "SetCommand"), Program(options.TestCommand, "TestCommand"), Program(options.RetireCommand, "RetireCommand"),
            new BackendInfo(TargetKind.Command, options.Host ?? "", options.Port, options.Database));
    }

    public static ICredentialBackend Create(string name, BackendOptions options)
    {
        var field = $"Harombe:Backends:{name}";
        if (name.Length is 0 or > 64 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new HarombeConfigurationException($"{field}: a backend's name must be 1 to 64 letters, digits, '-' or '_'");
        if (!TargetKinds.TryParse(options.Kind, out var kind))
            throw new HarombeConfigurationException($"{field}:Kind: must be one of {string.Join(", ", Enum.GetValues<TargetKind>().Select(k => k.Name()))} (got '{options.Kind}')");
        if (kind == TargetKind.Command) return Command(name, field, options);
        if (string.IsNullOrWhiteSpace(options.AdminConnection))
            throw new HarombeConfigurationException($"{field}:AdminConnection: is required (for {kind.Name()}: {(kind == TargetKind.Postgres ? "an Npgsql connection string of a role with CREATEROLE" : "a StackExchange.Redis configuration string with an admin user and password")})");
        try
        {
            return kind switch
            {
                TargetKind.Postgres => new PostgresBackend(name, options.AdminConnection, options.TerminateSessions),
                _ => new RedisBackend(name, options.AdminConnection, options.Rules),
            };
        }
        catch (ArgumentException e)
        {
            // The reason is ours (loopback, TLS) or the parser's, which may quote a piece of the string (a password
            // with a ';' in it): only ours is shown.
            var reason = e.ParamName == "adminConnection" || e.Source == typeof(BackendRegistration).Assembly.GetName().Name ? e.Message : "the connection string is malformed";
            throw new HarombeConfigurationException($"{field}:AdminConnection: cannot be used ({reason.Split('\n')[0]})");
        }
    }
}
