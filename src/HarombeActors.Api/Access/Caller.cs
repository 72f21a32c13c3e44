using HarombeActors.Domain.Ids;

namespace HarombeActors.Api.Access;

public enum CallerKind { Operator, Consumer }

/// <summary>Who is calling, as the token says: the name stamped onto commands, the kind of token and the paths it reaches.</summary>
public sealed record Caller(Principal Principal, CallerKind Kind, PathScope Scope);

public static class CallerKindNames
{
    public static string Name(this CallerKind kind) => kind == CallerKind.Operator ? "operator" : "consumer";
}
