namespace HarombeActors.Domain.Ids;

/// <summary>Who asked for a change: an operator token's name, "system" for timers, "scheduler" for due rotations.</summary>
public readonly record struct Principal(string Name)
{
    public static readonly Principal System = new("system");

    public override string ToString() => Name;
}
