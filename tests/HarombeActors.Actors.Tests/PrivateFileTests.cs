using HarombeActors.Actors.Configuration;

namespace HarombeActors.Actors.Tests;

/// <summary>Keys and tokens are written 0600, never through a file or link someone else prepared, never into a shared folder.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PrivateFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("harombe-private-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void A_key_is_written_owner_only_and_replaces_a_planted_link_instead_of_writing_through_it()
    {
        var target = Path.Combine(_dir, "node.key");
        var elsewhere = Path.Combine(_dir, "attacker-reads-this");
        File.WriteAllText(elsewhere, "");
        File.CreateSymbolicLink(target, elsewhere);
        // A predictable temporary name (the one this once used) planted too: the key must not go through it either.
        var predictable = target + ".tmp-" + Environment.ProcessId;
        File.CreateSymbolicLink(predictable, elsewhere);
        PrivateFile.Write(target, "-----BEGIN PRIVATE KEY-----");
        Assert.Equal("", File.ReadAllText(elsewhere));
        Assert.Null(new FileInfo(target).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(["attacker-reads-this", "node.key", Path.GetFileName(predictable)], Directory.GetFiles(_dir).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void A_folder_others_may_write_to_is_refused_and_nothing_is_written()
    {
        var shared = Path.Combine(_dir, "shared");
        Directory.CreateDirectory(shared);
        File.SetUnixFileMode(shared, (UnixFileMode)0b111_111_111);
        var refused = Assert.Throws<HarombeConfigurationException>(() => PrivateFile.Write(Path.Combine(shared, "node.key"), "key"));
        Assert.Equal($"{shared}: writable by others (mode 777); keys and tokens are only written to a folder its owner alone can change", refused.Message);
        Assert.Empty(Directory.GetFiles(shared));
    }
}
