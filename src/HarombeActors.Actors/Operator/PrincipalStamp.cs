using HarombeActors.Domain.Commands;
using HarombeActors.Domain.Ids;

namespace HarombeActors.Actors.Operator;

/// <summary>Stamps the authenticated operator onto a command: who did it comes from the token, never from the request.</summary>
public static class PrincipalStamp
{
    public static ISecretMessage WithPrincipal(this ISecretMessage message, Principal principal) => message switch
    {
        WriteSecret c => c with { By = principal },
        RotateSecret c => c with { By = principal },
        RollbackSecret c => c with { By = principal },
        CancelRotation c => c with { By = principal },
        PromoteRotation c => c with { By = principal },
        SetPolicy c => c with { By = principal },
        ISecretQuery q => q,
        _ => throw new ArgumentOutOfRangeException(nameof(message), message.GetType().Name, "not an operator command"),
    };
}
