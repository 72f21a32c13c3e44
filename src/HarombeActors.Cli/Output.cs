using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grpc.Core;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli;

/// <summary>Turns the final answer into exactly one JSON object (--json) or human text, and the exit code.</summary>
public sealed partial class Output(bool json, TextWriter stdout, TextWriter stderr)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        // Operators read this output: keep quotes and non-ASCII readable (it is printed, never embedded in HTML).
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public const string Mask = "********";

    /// <param name="result">The final outcome.</param>
    /// <param name="abandoning">The verb ends a rotation on purpose (cancel, or rollback of a held one): its outcome is never a success, yet the operation succeeded.</param>
    public int Rotation(RotationResult result, bool abandoning = false) =>
        Show(Views.Rotation(result), Table.Pairs(
            ("rotation", result.RotationId), ("path", result.SecretPath), ("strategy", result.Strategy), ("status", result.Status),
            ("versions", $"v{V(result.HasOldVersion, result.OldVersion)} -> v{V(result.HasNewVersion, result.NewVersion)}"), ("duration", $"{result.DurationMs:0.#} ms"),
            ("verification", !result.HasVerificationPassed ? "skipped" : result.VerificationPassed ? "passed" : "failed"),
            ("rollback", result.RollbackPerformed ? "performed" : "no"), ("consumers", $"{result.ConsumersMigrated}/{result.ConsumersTotal} migrated"),
            ("error", result.HasError ? result.Error : null)),
            result.Success || abandoning ? ExitCodes.Ok : ExitCodes.Failed);

    public int Accepted(RotationAccepted a) =>
        Show(Views.Accepted(a), $"rotation {a.RotationId} ({a.Strategy}) started on {a.SecretPath}: {a.Status}, phase {a.Phase}");

    public int Report(VerificationReport r) => Show(Views.Report(r),
        $"{r.SecretPath} v{r.Version}: {(r.Passed ? "every check passed" : "a check FAILED")}\n"
        + Table.Render(["check", "result", "ms", "message"], r.Results.Select(c => (IReadOnlyList<string?>)[c.Name, c.Success ? "ok" : "FAILED", c.DurationMs.ToString("0.0"), c.Message])),
        r.Passed ? ExitCodes.Ok : ExitCodes.Failed);

    public int Written(WriteResult w) => Show(Views.Written(w), $"{w.SecretPath}: v{w.Version} ({w.Fingerprint}) written");

    public int Read(SecretValue r) => Show(Views.Read(r), Table.Pairs(("path", r.SecretPath), ("version", $"v{r.Version}"), ("selector", r.Selector),
        ("fingerprint", r.Fingerprint), ("created", Views.Time(r.CreatedAt)?.ToString("u")), ("value", r.Revealed ? r.Value : Mask + "  (--reveal to show)")));

    public int Status(SecretStatus s) => Show(Views.Status(s), Table.Pairs(
        ("path", s.SecretPath), ("current", s.HasCurrentVersion ? $"v{s.CurrentVersion}" : null), ("pending", s.HasPendingVersion ? $"v{s.PendingVersion}" : null),
        ("previous", s.HasPreviousVersion ? $"v{s.PreviousVersion}" : null), ("active slot", s.HasActiveEnvironment ? s.ActiveEnvironment : null),
        ("dual mode", s.DualMode ? "on" : "off"), ("valid", string.Join(", ", s.ValidVersions.Select(v => $"v{v}"))),
        ("use", s.HasPreferredVersion ? $"v{s.PreferredVersion}" : null),
        ("rotation", s.Rotation is { } r ? $"{r.Id} {r.Strategy} {r.Phase} since {Views.Time(r.StartedAt):u}" : "none"),
        ("consumers", $"{s.Consumers.Total} total, {s.Consumers.Migrated} on target, {s.Consumers.Stale} stale"),
        ("policy", $"{s.Policy.Name} ({s.Policy.Strategy}){(s.PolicyIsDefault ? " default" : "")}"),
        ("managed", s.Managed is { } m ? $"backend {m.Backend} ({m.Kind}) as {m.Username}" : null),
        ("at the server", s.Managed is { } a ? Views.ArmedLogins(a) : null),
        ("schedule", ScheduleText(s.Policy.Schedule)),
        ("next rotation", NextText(s.NextRotation)),
        ("NEEDS ATTENTION", AttentionText(s.NeedsAttention))));

    public int Policy(PolicyView v) => Show(Views.PolicyView(v), Table.Pairs(
        ("path", v.SecretPath), ("policy", $"{v.Policy.Name}{(v.IsDefault ? " (default)" : "")}"), ("strategy", v.Policy.Strategy),
        ("verification", v.Policy.RequireVerification && v.Policy.VerificationTests.Count > 0 ? string.Join(", ", v.Policy.VerificationTests) : "none"),
        ("auto-rollback", v.Policy.AutoRollback ? "on" : "off"),
        ("on migration timeout", $"{v.Policy.OnMigrationTimeout} after {v.Policy.MigrationTimeout.ToTimeSpan().TotalSeconds:0.###}s"),
        ("emergency", $"{v.Policy.EmergencyStrategy}; security events rotate at most once per {v.Policy.SecurityCooldown.ToTimeSpan()}"),
        ("schedule", ScheduleText(v.Policy.Schedule) ?? "none (rotates only when asked)"),
        ("retries", v.Policy.Schedule is { } s
            ? $"{s.RetryAttempts} per cycle from {s.RetryInitialDelay.ToTimeSpan()} doubling up to {s.RetryMaxDelay.ToTimeSpan()}, {s.RetryCycles} cycles" : null),
        ("next rotation", NextText(v.NextRotation)),
        ("NEEDS ATTENTION", AttentionText(v.NeedsAttention))));

    private static string? ScheduleText(Schedule? s) => s is null ? null
        : s.Expression + (s.Window.Length > 0 ? $" within {s.Window}" : "") + $" {s.TimeZone}"
          + (s.Jitter.ToTimeSpan() > TimeSpan.Zero ? $", jitter up to {s.Jitter.ToTimeSpan()}" : "");

    private static string? NextText(NextRotation? n) => n is null ? null
        : $"{Views.Time(n.At):u}" + (n is { Attempt: 1, Cycle: 1 } ? "" : $" (retry: attempt {n.Attempt}, cycle {n.Cycle})");

    private static string? AttentionText(Attention? a) => a is null ? null
        : $"since {Views.Time(a.Since):u}: {a.Reason}; last error: {a.LastError} (fix it, then `harombe secret resume PATH` or rotate)";

    public int History(History h) => Show(Views.History(h), Table.Render(["seq", "at", "type", "summary"],
        h.Events.Select(e => (IReadOnlyList<string?>)[e.SequenceNr.ToString(), Views.Time(e.At)?.ToString("u"), e.Type, e.Summary])));

    public int Consumers(ConsumerList c) => Show(Views.Consumers(c), (c.Consumers.Count == 0 ? $"{c.SecretPath}: no consumers" : Table.Render(["consumer", "role", "version", "last heartbeat", "status", "token"],
        c.Consumers.Select(x => (IReadOnlyList<string?>)[x.ConsumerId, x.Role, $"v{x.SecretVersion}", Views.Time(x.LastHeartbeat)?.ToString("u"), x.MigrationStatus, x.Registrant.Length == 0 ? "(member)" : x.Registrant])))
        + (c.Managed is { } m ? $"\nat the server ({m.Backend}): {Views.ArmedLogins(m)}" : ""));

    public int ConsumerRemoved(ConsumerRemoval r) =>
        Show(Views.ConsumerRemoved(r), $"{r.SecretPath}: consumer {r.ConsumerId} removed ({r.RemainingConsumers} left)");

    public int Cluster(ClusterView v) => Show(Views.Cluster(v),
        $"leader: {(v.Leader.Length == 0 ? "none" : v.Leader)}    unreachable: {(v.Unreachable.Count == 0 ? "none" : string.Join(", ", v.Unreachable))}{Environment.NewLine}"
        + Table.Render(["address", "status", "roles"], v.Members.Select(m => (IReadOnlyList<string?>)[m.Address, m.Status, string.Join(",", m.Roles)])));

    public int Shards(ShardsView v) => Show(Views.Shards(v), Table.Render(["region", "shards", "entities"],
        v.Regions.Select(r => (IReadOnlyList<string?>)[r.Address, r.Shards.Count.ToString(), r.Entities.ToString()])));

    public int Stats(StatsView v) => Show(Views.Stats(v), Table.Pairs(("secrets", v.Secrets.ToString()), ("rotations", v.Total.ToString()),
        ("successful", v.Successful.ToString()), ("failed", v.Failed.ToString()), ("rollbacks", v.Rollbacks.ToString()), ("success rate", $"{v.SuccessRate:P1}"),
        ("needs attention", v.NeedsAttention.ToString())));

    public int List(SecretList v) => Show(Views.List(v), v.Items.Count == 0 ? "no secrets" : Table.Render(["path", "version", "strategy", "status", "last rotation", "next rotation"],
        v.Items.Select(s => (IReadOnlyList<string?>)[s.Path, s.HasCurrentVersion ? $"v{s.CurrentVersion}" : null, s.Strategy, s.Status,
            s.LastStatus.Length == 0 ? null : $"{s.LastStatus} {Views.Time(s.LastRotationAt):u}", s.NextRotationAt is null ? null : $"{Views.Time(s.NextRotationAt):u}"])));

    public int Error(RpcException e) => Error(ApiErrors.ExitCode(e), ApiErrors.Code(e), e.Status.Detail);

    public int Error(int exitCode, string code, string message)
    {
        if (json) stdout.WriteLine(Views.Error(code, message).ToJsonString(JsonOptions));
        else stderr.WriteLine($"error: {message}");
        return exitCode;
    }

    public void Progress(RotationProgress p)
    {
        if (json) return;
        const int width = 30;
        var filled = p.Total == 0 ? width : width * p.Migrated / p.Total;
        stderr.Write($"\r[{new string('#', filled)}{new string('-', width - filled)}] {p.Migrated}/{p.Total} consumers migrated, {p.Stale} stale ({p.Phase})   ");
        if (!Console.IsErrorRedirected) return;
        stderr.WriteLine();
    }

    /// <summary>One JSON object on its own line, whatever --json says (JSON lines are the format of a stream).</summary>
    public void Line(JsonObject item) => stdout.WriteLine(item.ToJsonString(JsonOptions));

    private int Show(JsonObject view, string human, int exitCode = ExitCodes.Ok)
    {
        stdout.WriteLine(json ? view.ToJsonString(JsonOptions) : human);
        return exitCode;
    }

    private static string V(bool has, int value) => has ? value.ToString() : "";
}
