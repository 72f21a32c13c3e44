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
        // A backend's own login test runs with its managed secrets only: named in a policy, it would let any secret
        // try logins at that backend.
        Names = _tests.Keys.Where(n => !n.StartsWith(Domain.Decisions.SecretDecider.BackendTestName(""), StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The tests a policy may name.</summary>
    public IReadOnlySet<string> Names { get; }

    /// <summary>Whether a test of this name runs on this node (backend login tests included).</summary>
    public bool Has(string name) => _tests.ContainsKey(name);

    public IVerificationTest Get(string name) => _tests[name];
}
