namespace HarombeActors.Actors.Configuration;

/// <summary>
/// Maps the host's short switches onto configuration keys: --port, --hostname, --data-dir, --persistence, --api-port, --api-url, and --seed, which may
/// repeat (the configuration command-line provider keeps only the last value of a repeated key).
/// </summary>
public static class HostArguments
{
    private static readonly Dictionary<string, string> Switches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["--port"] = "Harombe:Port",
        ["--hostname"] = "Harombe:Hostname",
        ["--data-dir"] = "Harombe:DataDir",
        ["--persistence"] = "Harombe:Persistence",
        ["--api-port"] = "Harombe:Api:Port",
        ["--api-url"] = "Harombe:Api:Url",
    };

    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        var seeds = 0;
        for (var i = 0; i < args.Length; i++)
        {
            var (name, inline) = Split(args[i]);
            if (name.Equals("--seed", StringComparison.OrdinalIgnoreCase) || Switches.ContainsKey(name))
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name}: needs a value"));
                var key = Switches.TryGetValue(name, out var mapped) ? mapped : $"Harombe:Seeds:{seeds++}";
                result.Add($"--{key}={value}");
            }
            else
            {
                result.Add(args[i]);
            }
        }
        return [.. result];
    }

    private static (string Name, string? Inline) Split(string arg)
    {
        var eq = arg.IndexOf('=');
        return arg.StartsWith("--", StringComparison.Ordinal) && eq > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
    }
}
