using HarombeActors.Domain.Decisions;

namespace HarombeActors.Domain.Targets;

/// <summary>The kinds of system a managed credential can live in (Command: configured programs, for any other system).</summary>
public enum TargetKind { Postgres, Redis, Command }

public static class TargetKinds
{
    /// <summary>PostgreSQL's identifier limit in bytes: the login roles' names (with their suffix) must fit.</summary>
    public const int PostgresNameBytes = 63;
    public const int RedisNameLength = 128;
    public const int CommandNameLength = 64;

    public static string Name(this TargetKind kind) => kind switch
    {
        TargetKind.Postgres => "postgres",
        TargetKind.Redis => "redis",
        TargetKind.Command => "command",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static bool TryParse(string? raw, out TargetKind kind)
    {
        foreach (var k in Enum.GetValues<TargetKind>())
        {
            if (string.Equals(raw, k.Name(), StringComparison.OrdinalIgnoreCase))
            {
                kind = k;
                return true;
            }
        }
        kind = default;
        return false;
    }

    /// <summary>
    /// PostgreSQL holds one password per role, so a rotation arms the other of two login roles and both stay valid
    /// during dual mode; a Redis ACL user holds several passwords at once, so it keeps its one name.
    /// </summary>
    public static bool OnePasswordPerLogin(this TargetKind kind) => kind == TargetKind.Postgres;

    /// <summary>The rule a username must meet for <paramref name="kind"/>, or null when it does.</summary>
    public static Rejection? ValidateUsername(this TargetKind kind, string? username)
    {
        if (string.IsNullOrEmpty(username)) return Rejection.BadInput("username", "must not be empty");
        return kind switch
        {
            // Lower case, so the name needs no quoting anywhere a human types it; the _a/_b suffix must still fit.
            TargetKind.Postgres when !IsPostgresIdentifier(username) =>
                Rejection.BadInput("username", "must start with a lower-case letter or _ and hold only a-z, 0-9 and _ (a PostgreSQL identifier that needs no quoting)"),
            TargetKind.Postgres when username.Length + 2 > PostgresNameBytes =>
                Rejection.BadInput("username", $"must be at most {PostgresNameBytes - 2} characters: its login roles {username}_a and {username}_b must fit PostgreSQL's {PostgresNameBytes}-byte names"),
            TargetKind.Redis when username.Length > RedisNameLength || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':') =>
                Rejection.BadInput("username", $"must be 1 to {RedisNameLength} characters of a-z, A-Z, 0-9, _, -, . and :"),
            TargetKind.Command when username.Length > CommandNameLength || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@') =>
                Rejection.BadInput("username", $"must be 1 to {CommandNameLength} characters of a-z, A-Z, 0-9, _, -, . and @"),
            TargetKind.Redis when username == "default" =>
                Rejection.BadInput("username", "must not be Redis's default user, which the backend's admin connection relies on"),
            _ => null,
        };
    }

    private static bool IsPostgresIdentifier(string name) =>
        (char.IsAsciiLetterLower(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');
}
