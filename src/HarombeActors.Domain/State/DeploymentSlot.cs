namespace HarombeActors.Domain.State;

/// <summary>The two blue-green slots.</summary>
public enum DeploymentSlot { Blue, Green }

public static class DeploymentSlots
{
    public static DeploymentSlot Other(this DeploymentSlot slot) => slot == DeploymentSlot.Blue ? DeploymentSlot.Green : DeploymentSlot.Blue;

    public static string Name(this DeploymentSlot slot) => slot == DeploymentSlot.Blue ? "blue" : "green";
}
