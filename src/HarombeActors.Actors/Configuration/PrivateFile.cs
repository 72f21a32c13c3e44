namespace HarombeActors.Actors.Configuration;

/// <summary>Files only the owner may read (mode 0600): the generated master key, tokens, certificates and keys.</summary>
public static class PrivateFile
{
    /// <summary>
    /// Writes (or replaces) the file with mode 0600 from the start: there is no moment when others could read it. The
    /// content goes first to a new file of a random name (never an existing one, nor a link someone planted), which
    /// then replaces the target. A folder others may write to is refused: they could swap the file afterwards.
    /// </summary>
    public static void Write(string path, string content)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        CreateDirectory(folder);
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(folder) & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            throw new HarombeConfigurationException($"{folder}: writable by others (mode {Convert.ToString((int)File.GetUnixFileMode(folder), 8)}); keys and tokens are only written to a folder its owner alone can change");
        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(new FileStream(temporary, options)))
        {
            writer.Write(content);
        }
        File.Move(temporary, full, overwrite: true);
    }

    /// <summary>Reads the trimmed content, or creates the file with <paramref name="create"/>'s content; says which.</summary>
    public static (string Content, bool Created) ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path)) return (File.ReadAllText(path).Trim(), false);
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var content = create();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var writer = new StreamWriter(new FileStream(path, options)))
        {
            writer.Write(content);
        }
        return (content, true);
    }

    /// <summary>Creates the directory (and its parents) for the owner only (0700) when it does not exist yet.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path)) return;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>
    /// Creates an empty file for the owner only (0600) when it does not exist, so a database that fills it later (SQLite
    /// keeps an existing file's mode, and gives its -wal and -shm files the same) is never readable by others.
    /// </summary>
    public static void Touch(string path)
    {
        if (File.Exists(path)) return;
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var _ = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Created meanwhile by another process: its mode is checked at start like every other file's.
        }
    }
}
