using System.Text;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli;

public sealed partial class Output
{
    public int MigrationReport(MigrationReport r)
    {
        static string Span(Google.Protobuf.WellKnownTypes.Duration? d) => d is null ? "-" : Durations.Format(d.ToTimeSpan());
        static string Names(IReadOnlyCollection<string> ids) => ids.Count == 0 ? "none" : string.Join(", ", ids);
        var text = new StringBuilder();
        text.AppendLine(Table.Pairs(("path", r.SecretPath), ("rotation", r.RotationId), ("strategy", r.Strategy), ("by", $"{r.By} ({r.Trigger})"),
            ("versions", $"v{r.OldVersion} -> {(r.HasNewVersion ? $"v{r.NewVersion}" : "?")}"), ("started", $"{Views.Time(r.StartedAt):u}"),
            ("switch", r.SwitchAt is null ? "not yet" : $"{r.SwitchKind} at {Views.Time(r.SwitchAt):u}"),
            ("outcome", r.EndedAt is null ? r.Outcome : $"{r.Outcome} at {Views.Time(r.EndedAt):u}{(r.Error.Length == 0 ? "" : $": {r.Error}")}"),
            ("moved", $"{r.Moved.Count} (median {Span(r.MedianMove)}, p90 {Span(r.P90Move)}, slowest {Span(r.SlowestMove)})"),
            ("not moved", Names(r.NotMoved)), ("stuck at the timeout", Names(r.Stuck)), ("stale now", Names(r.Stale)), ("went away", Names(r.Gone)),
            ("joined on the new version", Names(r.JoinedOnNew))));
        if (r.Moved.Count > 0)
        {
            text.AppendLine();
            var widest = Math.Max(1, r.Distribution.Max(b => b.Count));
            foreach (var bucket in r.Distribution) text.AppendLine($"{bucket.Label,-11} {new string('#', (int)Math.Ceiling(20.0 * bucket.Count / widest)),-20} {bucket.Count}");
            text.AppendLine();
            text.Append(Table.Render(["consumer", "from", "to", "moved at", "after switch"],
                r.Moved.Reverse().Select(m => (IReadOnlyList<string?>)[m.ConsumerId, $"v{m.FromVersion}", $"v{m.ToVersion}", $"{Views.Time(m.At):u}", Span(m.AfterSwitch)])));
        }
        return Show(Proto(r), text.ToString().TrimEnd());
    }
}
