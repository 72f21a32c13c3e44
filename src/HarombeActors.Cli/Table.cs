namespace HarombeActors.Cli;

/// <summary>Aligned plain-text tables for human output.</summary>
public static class Table
{
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows.Select(r => (IReadOnlyList<string>)r.Select(Shown).ToList()));
        var widths = headers.Select((_, i) => all.Max(r => r[i].Length)).ToArray();
        return string.Join(Environment.NewLine, all.Select(r =>
            string.Join("  ", r.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd()));
    }

    /// <summary>
    /// A cell as printed: free text in a table (a rollback's or an emergency's reason, a consumer id) comes from other
    /// people, and a control character in it (an escape sequence, a carriage return) must not rewrite what the operator's
    /// terminal shows. It is printed as \xNN instead; JSON output escapes it anyway.
    /// </summary>
    private static string Shown(string? cell) =>
        cell is null ? "-"
        : cell.Any(char.IsControl) ? string.Concat(cell.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()))
        : cell;

    /// <summary>Two columns: a name and its value.</summary>
    public static string Pairs(params (string Name, string? Value)[] pairs) =>
        Render(["field", "value"], pairs.Select(p => (IReadOnlyList<string?>)[p.Name, p.Value]));
}
