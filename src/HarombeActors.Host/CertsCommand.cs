using HarombeActors.Actors.Configuration;
using HarombeActors.Actors.Security;

namespace HarombeActors.Host;

/// <summary>
/// `harombe-host certs issue --out DIR [--name NAME] [--address HOST_OR_IP]... [--days N] [--data-dir DATA]`: issues a
/// certificate from the cluster CA this host created in its data directory, for another host or a client node of the
/// same cluster (node.pem, node.key 0600, cluster-ca.pem). `harombe-host certs init [--data-dir DATA]` creates that CA
/// without starting a host (containers issue every member's certificate before any starts). Exit 0, or 2 with what is wrong.
/// </summary>
public static class CertsCommand
{
    public static bool Matches(string[] args) => args.Length > 0 && args[0] == "certs";

    public static int Run(string[] args)
    {
        if (args.Length >= 2 && args[1] == "init") return Init(args);
        if (args.Length < 2 || args[1] != "issue")
        {
            Console.Error.WriteLine("usage: harombe-host certs issue --out DIR [--name NAME] [--address HOST_OR_IP]... [--days N] [--data-dir DATA]\n" +
                                    "       harombe-host certs init [--data-dir DATA]");
            return 2;
        }
        string? outDir = null, name = null;
        var dataDir = "data";
        var days = 365;
        var addresses = new List<string>();
        for (var i = 2; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--out" when value is not null: outDir = value; i++; break;
                case "--name" when value is not null: name = value; i++; break;
                case "--address" when value is not null: addresses.Add(value); i++; break;
                case "--data-dir" when value is not null: dataDir = value; i++; break;
                case "--days" when int.TryParse(value, out var d) && d is > 0 and <= 3650: days = d; i++; break;
                default:
                    Console.Error.WriteLine($"harombe-host certs issue: {args[i]}: unknown switch, or a missing or invalid value (--days is 1 to 3650)");
                    return 2;
            }
        }
        if (outDir is null)
        {
            Console.Error.WriteLine("harombe-host certs issue: --out: required (the folder for node.pem, node.key and cluster-ca.pem)");
            return 2;
        }
        try
        {
            Console.WriteLine(ClusterCertificates.Issue(Path.GetFullPath(dataDir), outDir, name ?? $"harombe member {Guid.NewGuid():N}"[..27], addresses, TimeSpan.FromDays(days)));
            return 0;
        }
        catch (HarombeConfigurationException e)
        {
            Console.Error.WriteLine($"harombe-host certs issue: {e.Message}");
            return 2;
        }
    }

    private static int Init(string[] args)
    {
        var dataDir = "data";
        if (args.Length == 4 && args[2] == "--data-dir") dataDir = args[3];
        else if (args.Length != 2)
        {
            Console.Error.WriteLine("harombe-host certs init: the only switch is --data-dir DATA");
            return 2;
        }
        try
        {
            var full = Path.GetFullPath(dataDir);
            PrivateFile.CreateDirectory(full);
            Console.WriteLine(ClusterCertificates.InitCa(full));
            return 0;
        }
        catch (HarombeConfigurationException e)
        {
            Console.Error.WriteLine($"harombe-host certs init: {e.Message}");
            return 2;
        }
    }
}
