using HarombeActors.Domain.Ids;

namespace HarombeActors.Client;

/// <summary>The credentials of every secret this service consumes, by path; registered in dependency injection.</summary>
public sealed class SecretCredentialsRegistry(IReadOnlyDictionary<SecretPath, SecretCredentials> bySecret)
{
    public IReadOnlyCollection<SecretPath> Paths => bySecret.Keys.ToList();

    public SecretCredentials this[string path] => this[SecretPath.Parse(path)];

    public SecretCredentials this[SecretPath path] =>
        bySecret.TryGetValue(path, out var credentials) ? credentials : throw new KeyNotFoundException($"{path} is not among the consumed secrets");
}
