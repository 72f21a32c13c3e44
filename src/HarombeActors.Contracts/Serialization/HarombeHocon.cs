namespace HarombeActors.Contracts.Serialization;

/// <summary>
/// The repository's akka.hocon, embedded in this assembly so hosts and the CLI share one copy (the CLI overrides
/// the provider; the cluster and persistence sections are then simply unused).
/// </summary>
public static class HarombeHocon
{
    public static string Text { get; } = Load();

    private static string Load()
    {
        using var stream = typeof(HarombeHocon).Assembly.GetManifestResourceStream("akka.hocon")
                           ?? throw new InvalidOperationException("akka.hocon is not embedded in HarombeActors.Contracts");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
