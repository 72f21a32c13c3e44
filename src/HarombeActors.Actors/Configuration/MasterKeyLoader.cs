using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace HarombeActors.Actors.Configuration;

/// <summary>
/// Finds the master key: configuration (or HAROMBE_MASTER_KEY), else a key file; the embedded default creates
/// DATA_DIR/master.key (mode 0600) on first start and says so, because losing that file loses every secret.
/// </summary>
public static class MasterKeyLoader
{
    public const string EnvironmentVariable = "HAROMBE_MASTER_KEY";

    public static byte[] Load(HarombeOptions options, ILogger logger) => LoadWithSource(options, logger).Key;

    /// <summary>The key and where it came from (named when the key does not match the data).</summary>
    public static MasterKey LoadWithSource(HarombeOptions options, ILogger logger)
    {
        var configured = options.MasterKey ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var source = options.MasterKey is null ? EnvironmentVariable : "Harombe:MasterKey";
            return new MasterKey(Decode(configured.Trim(), source), source);
        }

        var file = options.MasterKeyFile ?? Path.Combine(options.FullDataDir, "master.key");
        var (content, created) = PrivateFile.ReadOrCreate(file, () => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        if (created)
            logger.LogWarning("No master key configured: created {File} (mode 0600). Back it up; without it no stored secret can be read. " +
                              "Set {Variable} or Harombe:MasterKeyFile in production.", file, EnvironmentVariable);
        return new MasterKey(Decode(content, file), $"the key file {file}");
    }

    private static byte[] Decode(string base64, string source)
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"master key from {source}: must be base64");
        }
        return key.Length == 32 ? key : throw new InvalidOperationException($"master key from {source}: must be 32 bytes (AES-256), got {key.Length}");
    }
}

/// <summary>The master key and where it came from.</summary>
public sealed record MasterKey(byte[] Key, string Source)
{
    /// <summary>
    /// A value derived from the key (HKDF, its own label) that tells keys apart without revealing anything about them:
    /// stored beside the data on first start and compared on every start.
    /// </summary>
    public string CheckValue => Convert.ToHexStringLower(HKDF.DeriveKey(HashAlgorithmName.SHA256, Key, 16, info: "harombe/key-check/v1"u8.ToArray()));

    public override string ToString() => $"master key from {Source}";
}
