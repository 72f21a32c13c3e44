using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Domain.Schedules;

/// <summary>
/// A secret's share of a spread (jitter, retry delays): a fraction in [0, 1) drawn from a hash of its path and a time,
/// so decisions stay deterministic (replaying the same state gives the same time) while secrets spread evenly.
/// </summary>
public static class Spread
{
    public static double Fraction(SecretPath path, DateTimeOffset at)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes($"{path.Value}|{at.UtcTicks}"), hash);
        return (BinaryPrimitives.ReadUInt64LittleEndian(hash) >> 11) / (double)(1UL << 53);
    }
}
