namespace HarombeActors.Domain.Decisions;

/// <summary>Why a command was refused. Codes map one-to-one onto CLI exit codes, so they are part of the contract.</summary>
public enum RejectionCode
{
    /// <summary>The request is malformed: a field breaks a rule. Nothing was written.</summary>
    BadInput,
    /// <summary>A rotation is already in flight for this secret.</summary>
    Conflict,
    /// <summary>The secret (or the requested version) does not exist.</summary>
    NotFound,
    /// <summary>The request is well formed but makes no sense in the current state (e.g. nothing to roll back to).</summary>
    InvalidState,
    /// <summary>No valid operator token. Says nothing about the secret, not even whether it exists.</summary>
    Unauthorized,
    /// <summary>Too many requests of one kind from one caller: nothing was written; retry later.</summary>
    Throttled,
    /// <summary>The caller is who it says, but may not do this to this thing (e.g. speak for another token's consumer).</summary>
    Forbidden,
}

public static class RejectionCodeNames
{
    /// <summary>The code's name in the contract (CLI JSON errors, the API's error reason).</summary>
    public static string Name(this RejectionCode code) => code switch
    {
        RejectionCode.BadInput => "bad_input",
        RejectionCode.Conflict => "conflict",
        RejectionCode.NotFound => "not_found",
        RejectionCode.Unauthorized => "unauthorized",
        RejectionCode.Throttled => "throttled",
        RejectionCode.Forbidden => "forbidden",
        _ => "failed",
    };
}

/// <summary>A refused command. <see cref="Field"/> names the offending input when there is one.</summary>
public sealed record Rejection(RejectionCode Code, string Message, string? Field = null)
{
    public static Rejection BadInput(string field, string rule) => new(RejectionCode.BadInput, $"{field}: {rule}", field);

    public override string ToString() => $"{Code}: {Message}";
}

/// <summary>Thrown only by constructors of value types (ids, values) when handed invalid input; carries the rejection.</summary>
public sealed class DomainValidationException(Rejection rejection) : ArgumentException(rejection.Message)
{
    public Rejection Rejection { get; } = rejection;
}
