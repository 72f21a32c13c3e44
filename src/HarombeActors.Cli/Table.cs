namespace HarombeActors.Cli;

/// <summary>Aligned plain-text tables for human output.</summary>
public static class Table
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = new List<IReadOnlyList<string?>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, i) => all.Max(r => (r[i] ?? "-").Length)).ToArray();
        return string.Join(Environment.NewLine, all.Select(r =>
            string.Join("  ", r.Select((cell, i) => (cell ?? "-").PadRight(widths[i]))).TrimEnd()));
    }

    /// <summary>Two columns: a name and its value.</summary>
    public static string Pairs(params (string Name, string? Value)[] pairs) =>
        Render(["field", "value"], pairs.Select(p => (IReadOnlyList<string?>)[p.Name, p.Value]));
}
