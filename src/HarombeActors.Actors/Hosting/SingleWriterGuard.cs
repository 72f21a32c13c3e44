using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using Akka.Hosting;
using HarombeActors.Actors.Configuration;
using HarombeActors.Routing;

namespace HarombeActors.Actors.Hosting;

/// <summary>
/// A SQLite host keeps its journal in local files, so it must be the only host: a second host would take over some
/// shards and answer for their secrets from another journal (secrets "did not exist", writes landed there and vanished
/// with it). A SQLite host refuses seeds other than itself at start, and leaves the cluster (saying why) the moment it
/// sees another host member, rather than split any secret's history. More than one host needs PostgreSQL.
/// </summary>
public static class SingleWriterGuard
{
    public static bool IsSqlite(HarombeOptions options) => options.Persistence.Trim().Equals("sqlite", StringComparison.OrdinalIgnoreCase);

    /// <summary>Refuses seeds other than this host when it keeps SQLite files.</summary>
    public static void CheckSeeds(HarombeOptions options)
    {
        if (!IsSqlite(options)) return;
        var self = new[] { options.PublicHostname ?? options.Hostname, options.Hostname }.Select(h => $"{h}:{options.Port}").ToHashSet(StringComparer.OrdinalIgnoreCase);
        var others = options.Seeds.Where(seed => !self.Contains(seed.Contains('@', StringComparison.Ordinal) ? seed[(seed.IndexOf('@', StringComparison.Ordinal) + 1)..] : seed)).ToList();
        if (others.Count > 0)
            throw new HarombeConfigurationException(
                $"Harombe:Seeds: {string.Join(", ", others)}: a SQLite host keeps its journal in local files, so it cannot share secrets with another host; " +
                "more than one host needs Harombe:Persistence=postgres (with the same Harombe:PostgresConnectionString and master key on every host)");
    }

    public static AkkaConfigurationBuilder WithSingleWriterGuard(this AkkaConfigurationBuilder builder, HarombeOptions options) =>
        IsSqlite(options) ? builder.WithActors((system, _) => system.ActorOf(Props.Create<Watcher>(), "single-writer-guard")) : builder;

    private sealed class Watcher : ReceiveActor
    {
        private readonly Cluster _cluster = Cluster.Get(Context.System);
        private readonly ILoggingAdapter _log = Context.GetLogger();
        private bool _leaving;

        public Watcher()
        {
            Receive<ClusterEvent.CurrentClusterState>(state =>
            {
                foreach (var member in state.Members) Check(member);
            });
            Receive<ClusterEvent.MemberUp>(up => Check(up.Member));
            Receive<ClusterEvent.MemberJoined>(joined => Check(joined.Member));
        }

        protected override void PreStart() =>
            _cluster.Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberUp), typeof(ClusterEvent.MemberJoined));

        protected override void PostStop() => _cluster.Unsubscribe(Self);

        private void Check(Member member)
        {
            if (_leaving || member.Address == _cluster.SelfAddress || !member.HasRole(SecretRegion.HostRole)) return;
            _leaving = true;
            _log.Error("Another host ({0}) is in the cluster, but this host keeps its journal in local SQLite files: two hosts would split secrets between two " +
                       "journals. Leaving the cluster. More than one host needs Harombe:Persistence=postgres.", member.Address);
            _cluster.Leave(_cluster.SelfAddress);
        }
    }
}
