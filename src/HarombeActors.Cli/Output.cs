using System.Text.Json;
using HarombeActors.Contracts.Operator;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.Replies;
using HarombeActors.Domain.Rotation;

namespace HarombeActors.Cli;

/// <summary>Turns the final answer into exactly one JSON object (--json) or human text, and the exit code.</summary>
public sealed class Output(bool json, TextWriter stdout, TextWriter stderr)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        // Operators read this output: keep quotes and non-ASCII readable (it is printed, never embedded in HTML).
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <param name="result">The gateway's final answer.</param>
    /// <param name="abandoning">The verb ends a rotation on purpose (cancel, or rollback of a held one): its outcome is never a success, yet the operation succeeded.</param>
    public int Result(OperatorResult result, bool abandoning = false) => result.Payload switch
    {
        CommandRejected r => Error(ExitCodes.For(r.Rejection.Code), r.Rejection.Code.Code(), r.Rejection.Message),
        RotationOutcome o => Show(Views.Rotation(o.Result), HumanRotation(o.Result), o.Result.Success || abandoning ? ExitCodes.Ok : ExitCodes.Failed),
        RotationAccepted a => Show(Views.Accepted(a), $"rotation {a.RotationId} ({a.Strategy.Name()}) started on {a.Path}: {a.Status.Name()}, phase {a.Phase}"),
        SecretWriteAccepted w => Show(Views.Written(w), $"{w.Path}: v{w.Version} ({w.Fingerprint}) written"),
        SecretRead r => Show(Views.Read(r), Table.Pairs(("path", r.Path.Value), ("version", $"v{r.Version}"), ("selector", r.Selector),
            ("fingerprint", r.Fingerprint), ("created", r.CreatedAt.ToString("u")), ("value", r.Value?.RevealPlaintext() ?? Domain.Values.SecretValue.Mask + "  (--reveal to show)"))),
        SecretStatus s => s.Exists ? Show(Views.Status(s), HumanStatus(s)) : Error(ExitCodes.Failed, "not_found", $"secret {s.Path} does not exist"),
        SecretHistory h => Show(Views.History(h), Table.Render(["seq", "at", "type", "summary"],
            h.Events.Select(e => (IReadOnlyList<string?>)[e.SequenceNr.ToString(), e.At.ToString("u"), e.Type, e.Summary]))),
        ConsumerList c => Show(Views.Consumers(c), c.Consumers.Count == 0 ? $"{c.Path}: no consumers" : Table.Render(["consumer", "role", "version", "last heartbeat", "status"],
            c.Consumers.Select(x => (IReadOnlyList<string?>)[x.ConsumerId, x.Role.Name(), $"v{x.SecretVersion}", x.LastHeartbeat?.ToString("u"), x.MigrationStatus.Name()]))),
        PolicyAccepted p => Show(new { secretPath = p.Path.Value, policy = p.Policy is null ? null : Views.Policy(p.Policy) }, p.Policy is null ? $"{p.Path}: policy cleared" : $"{p.Path}: policy set"),
        ClusterView v => Show(Views.Cluster(v), $"leader: {v.Leader ?? "none"}    unreachable: {(v.Unreachable.Count == 0 ? "none" : string.Join(", ", v.Unreachable))}{Environment.NewLine}"
            + Table.Render(["address", "status", "roles"], v.Members.Select(m => (IReadOnlyList<string?>)[m.Address, m.Status, string.Join(",", m.Roles)]))),
        ShardsView v => Show(Views.Shards(v), Table.Render(["region", "shards", "entities"],
            v.Regions.Select(r => (IReadOnlyList<string?>)[r.Address, r.Shards.Count.ToString(), r.Entities.ToString()]))),
        StatsView v => Show(Views.Stats(v), Table.Pairs(("secrets", v.Secrets.ToString()), ("rotations", v.Total.ToString()), ("successful", v.Successful.ToString()),
            ("failed", v.Failed.ToString()), ("rollbacks", v.Rollbacks.ToString()), ("success rate", $"{v.SuccessRate:P1}"))),
        SecretListView v => Show(Views.List(v), v.Paths.Count == 0 ? "no secrets" : string.Join(Environment.NewLine, v.Paths)),
        var other => Error(ExitCodes.Failed, "unexpected", $"unexpected answer {other.GetType().Name}"),
    };

    public int Error(int exitCode, string code, string message)
    {
        if (json) stdout.WriteLine(JsonSerializer.Serialize(Views.Error(code, message), JsonOptions));
        else stderr.WriteLine($"error: {message}");
        return exitCode;
    }

    public void Progress(OperatorProgress p)
    {
        if (json) return;
        const int width = 30;
        var filled = p.Total == 0 ? width : width * p.Migrated / p.Total;
        stderr.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {p.Migrated}/{p.Total} consumers migrated, {p.Stale} stale ({p.Phase})   ");
        if (!Console.IsErrorRedirected) return;
        stderr.WriteLine();
    }

    private int Show(object view, string human, int exitCode = ExitCodes.Ok)
    {
        stdout.WriteLine(json ? JsonSerializer.Serialize(view, JsonOptions) : human);
        return exitCode;
    }

    private static string HumanRotation(Domain.Rotation.RotationResult r) => Table.Pairs(
        ("rotation", r.RotationId), ("path", r.SecretPath), ("strategy", r.Strategy.Name()), ("status", r.Status.Name()),
        ("versions", $"v{r.OldVersion} -> v{r.NewVersion}"), ("duration", $"{r.DurationMs:0.#} ms"),
        ("verification", r.VerificationPassed switch { true => "passed", false => "failed", null => "skipped" }),
        ("rollback", r.RollbackPerformed ? "performed" : "no"), ("consumers", $"{r.ConsumersMigrated}/{r.ConsumersTotal} migrated"), ("error", r.Error));

    private static string HumanStatus(SecretStatus s) => Table.Pairs(
        ("path", s.Path.Value), ("current", V(s.CurrentVersion)), ("pending", V(s.PendingVersion)), ("previous", V(s.PreviousVersion)),
        ("active slot", s.ActiveEnvironment), ("dual mode", s.DualMode ? "on" : "off"),
        ("valid", string.Join(", ", s.ValidVersions.Select(v => $"v{v}"))), ("use", V(s.PreferredVersion)),
        ("rotation", s.Rotation is { } r ? $"{r.RotationId} {r.Strategy.Name()} {r.Phase} since {r.StartedAt:u}" : "none"),
        ("consumers", $"{s.Consumers.Total} total, {s.Consumers.Migrated} on target, {s.Consumers.Stale} stale"),
        ("policy", $"{s.Policy.Name} ({s.Policy.Strategy.Name()}){(s.PolicyIsDefault ? " default" : "")}"));

    private static string? V(int? version) => version is { } v ? $"v{v}" : null;
}
