using System.CommandLine;
using Google.Protobuf.WellKnownTypes;

namespace HarombeActors.Cli.Commands;

public static class ClusterCommands
{
    public static Command Build()
    {
        var cluster = new Command("cluster", "cluster membership and shard placement");
        var show = new Command("show", "members, their status and roles, the leader, unreachable nodes");
        show.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            return context.RunAsync((api, o) => api.GetClusterAsync(new Empty(), o), context.Output.Cluster);
        });
        var shards = new Command("shards", "shard regions, shards and entities per node");
        shards.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            return context.RunAsync((api, o) => api.GetShardsAsync(new Empty(), o), context.Output.Shards);
        });
        cluster.Subcommands.Add(show);
        cluster.Subcommands.Add(shards);
        return cluster;
    }

    public static Command Stats()
    {
        var stats = new Command("stats", "rotations cluster-wide (total, successful, failed, rollbacks, success rate), from the event logs");
        stats.SetAction((parse, _) =>
        {
            var context = CliContext.From(parse);
            return context.RunAsync((api, o) => api.GetStatsAsync(new Empty(), o), context.Output.Stats);
        });
        return stats;
    }
}
