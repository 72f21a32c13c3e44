using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HarombeActors.Api.Access;
using HarombeActors.Api.Errors;
using HarombeActors.Domain.Generation;
using HarombeActors.Domain.Ids;
using HarombeActors.Domain.Policies;
using HarombeActors.Domain.State;
using HarombeActors.Domain.Values;

namespace HarombeActors.Api.Services;

/// <summary>
/// Turns request fields into domain values, refusing bad input with the field and the rule before anything reaches an
/// actor. Field names are the JSON names of the request (camelCase), which is what an HTTP caller typed.
/// </summary>
public static class ApiInput
{
    /// <summary>
    /// The caller's request id, or a new one: with it the gateway may send a lost write or rotation again. The secret
    /// checks its form (a malformed one is refused naming requestId).
    /// </summary>
    public static string RequestId(string given) => given.Length > 0 ? given : Guid.NewGuid().ToString("N");

    /// <summary>A secret path, with or without its leading '/' (an HTTP route carries it without).</summary>
    public static SecretPath Path(string? raw, string field = "path")
    {
        var text = raw ?? "";
        if (text.Length > 0 && text[0] != '/') text = "/" + text;
        return SecretPath.TryParse(text, out var path, out var rejection, field) ? path : throw ApiErrors.Rejected(rejection);
    }

    /// <summary>A path the caller's token may reach; refused the same way whether the secret exists or not.</summary>
    public static SecretPath ScopedPath(string? raw, ServerCallContext context)
    {
        var path = Path(raw);
        return context.Caller().Scope.Allows(path) ? path : throw ApiErrors.Forbidden();
    }

    public static ConsumerId Consumer(string? raw) =>
        ConsumerId.TryParse(raw, out var id, out var rejection) ? id : throw ApiErrors.Rejected(rejection);

    public static ConsumerRole Role(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        null or "" or "client" => ConsumerRole.Client,
        "resource" => ConsumerRole.Resource,
        _ => throw ApiErrors.BadInput("role", $"must be client or resource (got '{raw}')"),
    };

    public static int Version(int version) => version > 0 ? version : throw ApiErrors.BadInput("version", "must be a version number of 1 or more");

    /// <summary>The value to write: given, or generated; exactly one of the two.</summary>
    public static SecretValue? Value(string value, string generate, int length, bool required)
    {
        var spec = Generator(generate, length);
        if (spec is not null && value.Length > 0) throw ApiErrors.BadInput("value", "give either a value or generate, not both");
        if (spec is not null) return SecretGenerator.Generate(spec);
        if (value.Length == 0) return required ? throw ApiErrors.BadInput("value", "must not be empty (or set generate to random, uuid or hex)") : null;
        return SecretValue.TryCreate(value, out var parsed, out var rejection) ? parsed : throw ApiErrors.Rejected(rejection);
    }

    public static GeneratorSpec? Generator(string generate, int length)
    {
        if (generate.Length == 0)
            return length == 0 ? null : throw ApiErrors.BadInput("length", "only with generate");
        if (!GeneratorSpec.TryParseKind(generate, out var kind)) throw ApiErrors.BadInput("generate", $"must be one of random, uuid, hex (got '{generate}')");
        var spec = new GeneratorSpec(kind, length == 0 ? GeneratorSpec.DefaultLength : length);
        return spec.Validate() is { } rejection ? throw ApiErrors.BadInput("length", rejection.Message[(rejection.Message.IndexOf(':') + 2)..]) : spec;
    }

    /// <summary>A rotation's id as status and history show it.</summary>
    public static Domain.Ids.RotationId RotationId(string raw) =>
        raw.Length <= 64 && raw.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? new Domain.Ids.RotationId(raw)
            : throw ApiErrors.BadInput("rotationId", "must be a rotation id (letters, digits, '-', '_'; at most 64), as status and history show it");

    /// <summary>A path prefix to filter by (a whole path or the start of one, such as /secrets/db/); empty means all.</summary>
    public static string Prefix(string raw, string field = "prefix") =>
        raw.Length == 0 || (raw.StartsWith('/') && raw.Length <= Domain.Ids.SecretPath.MaxLength) ? raw
            : throw ApiErrors.BadInput(field, $"must start with '/' and be at most {Domain.Ids.SecretPath.MaxLength} characters");

    public static RotationStrategy Strategy(string raw, string field = "strategy") =>
        PolicyNames.TryParseStrategy(raw, out var strategy) ? strategy : throw ApiErrors.BadInput(field, $"must be one of immediate, staged, dual-write, blue-green (got '{raw}')");

    public static MigrationTimeoutAction TimeoutAction(string raw) =>
        PolicyNames.TryParseTimeoutAction(raw, out var action) ? action : throw ApiErrors.BadInput("onTimeout", $"must be one of promote, rollback, hold (got '{raw}')");

    public static TimeSpan? Duration(Duration? raw, string field) => Duration(raw, field, RotationPolicy.MaxDuration, "24h");

    public static TimeSpan? Duration(Duration? raw, string field, TimeSpan max, string maxText)
    {
        if (raw is null) return null;
        if (raw.Seconds < 0 || raw.Nanos < 0) throw ApiErrors.BadInput(field, "must not be negative");
        if (raw.Seconds > max.TotalSeconds) throw ApiErrors.BadInput(field, $"must be at most {maxText}");
        return raw.ToTimeSpan();
    }
}
