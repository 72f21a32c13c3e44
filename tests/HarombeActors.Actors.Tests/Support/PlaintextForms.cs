using System.Text;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>The byte sequences that would give a secret value away in a file: what the plaintext scans look for.</summary>
public static class PlaintextForms
{
    /// <summary>The value as UTF-8 and UTF-16, each also in base64 at the three alignments it can have inside a longer base64 text.</summary>
    public static IEnumerable<byte[]> Of(string value)
    {
        foreach (var encoded in new[] { Encoding.UTF8.GetBytes(value), Encoding.Unicode.GetBytes(value) })
        {
            yield return encoded;
            foreach (var form in Base64(encoded)) yield return form;
        }
    }

    /// <summary>
    /// Base64 turns each 3 bytes into 4 characters, so bytes inside a longer text encode differently depending on where
    /// they start (offset mod 3). Skipping 0, 1 or 2 of the first bytes, the whole groups that follow are encoded the
    /// same wherever the data sits: one of these three strings is inside any base64 text that holds the data.
    /// </summary>
    public static IEnumerable<byte[]> Base64(byte[] data)
    {
        for (var skip = 0; skip < 3; skip++)
            yield return Encoding.ASCII.GetBytes(Convert.ToBase64String(data, skip, (data.Length - skip) / 3 * 3));
    }

    public static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
