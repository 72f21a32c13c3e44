using System.Security.Cryptography;
using System.Text;

namespace HarombeActors.Backends;

/// <summary>
/// PostgreSQL's stored form of a password (RFC 5802/7677, as pg_authid holds it):
/// <c>SCRAM-SHA-256$iterations:salt$StoredKey:ServerKey</c>. Computed here and sent in place of the password, so the
/// plaintext never reaches the server, its statement log or pg_stat_statements.
/// </summary>
public static class ScramVerifier
{
    public const int Iterations = 4096;

    /// <summary>
    /// The verifier of <paramref name="password"/>. Passwords generated here are ASCII letters and digits, which SASLprep
    /// leaves unchanged; anything else is refused rather than hashed into a verifier the server would never match.
    /// </summary>
    public static string Compute(string password, byte[]? salt = null)
    {
        if (password.Length == 0 || !password.All(char.IsAsciiLetterOrDigit))
            throw new ArgumentException("a SCRAM verifier is computed here only for passwords of ASCII letters and digits", nameof(password));
        salt ??= RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${Iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
