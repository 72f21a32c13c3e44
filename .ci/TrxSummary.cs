// Reads the TRX files of one test run and says whether every expected test assembly really ran: VSTest's console
// summary and exit code accept an assembly that discovered nothing, and a crashed or hung test host leaves a TRX
// with no results at all. Run by .ci/run as a file-based app:
//   dotnet run .ci/TrxSummary.cs -- RESULTS_DIR EXPECTED_SKIPS_FILE ASSEMBLY...
// Prints one line per assembly, the problems found, and last "N passed, N failed"; exits 1 on any problem.
using System.Xml.Linq;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: TrxSummary RESULTS_DIR EXPECTED_SKIPS_FILE ASSEMBLY...");
    return 2;
}

XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
var expectedSkips = File.Exists(args[1])
    ? File.ReadAllLines(args[1]).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToHashSet(StringComparer.Ordinal)
    : [];
// TRX stores assembly paths lower-cased; match on the file name.
var assemblies = args[2..].ToDictionary(a => a.ToLowerInvariant() + ".dll", a => new Tally(a), StringComparer.Ordinal);
var problems = new List<string>();

foreach (var file in Directory.EnumerateFiles(args[0], "*.trx", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
{
    var run = XDocument.Load(file).Root!;
    var storageById = run.Descendants(ns + "UnitTest").ToDictionary(
        t => (string)t.Attribute("id")!, t => Path.GetFileName((string)t.Attribute("storage")!).ToLowerInvariant(), StringComparer.Ordinal);
    foreach (var result in run.Descendants(ns + "UnitTestResult"))
    {
        var name = (string)result.Attribute("testName")!;
        var outcome = (string?)result.Attribute("outcome") ?? "";
        if (!storageById.TryGetValue((string)result.Attribute("testId")!, out var storage) || !assemblies.TryGetValue(storage, out var tally))
        {
            problems.Add($"{name}: result from an assembly that is not one of the expected ones");
            continue;
        }
        switch (outcome)
        {
            case "Passed":
                tally.Passed++;
                break;
            case "NotExecuted" when expectedSkips.Contains(name):
                tally.Skipped++;
                break;
            case "NotExecuted":
                tally.Skipped++;
                problems.Add($"{name}: skipped, and not listed in {args[1]}");
                break;
            default:
                tally.Failed++;
                problems.Add($"{name}: {outcome}");
                break;
        }
    }
    // A run the test platform aborted (crash, hang) says so here even when its results are gone.
    foreach (var info in run.Descendants(ns + "RunInfo").Where(i => (string?)i.Attribute("outcome") == "Error"))
        problems.Add($"{Path.GetFileName(file)}: {info.Element(ns + "Text")?.Value.Trim()}");
}

foreach (var tally in assemblies.Values)
{
    Console.WriteLine($"{tally.Assembly}: {tally.Passed} passed, {tally.Failed} failed, {tally.Skipped} skipped");
    if (tally.Passed + tally.Failed + tally.Skipped == 0) problems.Add($"{tally.Assembly}: no test results (nothing discovered, or its test host crashed or hung)");
}
foreach (var problem in problems) Console.WriteLine("problem: " + problem);
var failed = assemblies.Values.Sum(t => t.Failed);
Console.WriteLine($"{assemblies.Values.Sum(t => t.Passed)} passed, {(problems.Count > 0 ? Math.Max(failed, 1) : failed)} failed");
return problems.Count > 0 ? 1 : 0;

internal sealed class Tally(string assembly)
{
    public string Assembly { get; } = assembly;
    public int Passed { get; set; }
    public int Failed { get; set; }
    public int Skipped { get; set; }
}
