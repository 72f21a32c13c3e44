namespace HarombeActors.Actors.Verification;

/// <summary>The tests known to this node, by name, filled from dependency injection.</summary>
public sealed class VerificationRegistry
{
    private readonly Dictionary<string, IVerificationTest> _tests;

    public VerificationRegistry(IEnumerable<IVerificationTest> tests)
    {
        _tests = new Dictionary<string, IVerificationTest>(StringComparer.Ordinal);
        foreach (var test in tests)
        {
            if (!_tests.TryAdd(test.Name, test))
                throw new InvalidOperationException($"verification test name '{test.Name}' is registered twice");
        }
        Names = _tests.Keys.ToHashSet(StringComparer.Ordinal);
    }

    public IReadOnlySet<string> Names { get; }

    public IVerificationTest Get(string name) => _tests[name];
}
