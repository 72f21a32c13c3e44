namespace HarombeActors.Domain.Ids;

/// <summary>Identifies one rotation run; short enough to type, unique enough for one secret's history.</summary>
public readonly record struct RotationId(string Value)
{
    public static RotationId New() => new("rot-" + Guid.NewGuid().ToString("N")[..12]);

    public override string ToString() => Value;
}
