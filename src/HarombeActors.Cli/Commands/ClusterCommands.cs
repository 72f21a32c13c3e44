using System.CommandLine;
using HarombeActors.Contracts.Operator;

namespace HarombeActors.Cli.Commands;

public static class ClusterCommands
{
    public static Command Build()
    {
        var cluster = new Command("cluster", "cluster membership and shard placement");
        cluster.Subcommands.Add(Verb("show", "members, their status and roles, the leader, unreachable nodes", ClusterVerb.Show));
        cluster.Subcommands.Add(Verb("shards", "shard regions, shards and entities per node", ClusterVerb.Shards));
        return cluster;
    }

    public static Command Stats() => Verb("stats", "rotations cluster-wide (total, successful, failed, rollbacks, success rate), from the event logs", ClusterVerb.Stats);

    private static Command Verb(string name, string description, ClusterVerb verb)
    {
        var command = new Command(name, description);
        command.SetAction((parse, _) => CliContext.From(parse).RunAsync(token => new OperatorClusterRequest(token, verb)));
        return command;
    }
}
