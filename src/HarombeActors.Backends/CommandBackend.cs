using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;

namespace HarombeActors.Backends;

/// <summary>
/// Any other system: configured programs set, test and retire a credential. The credential reaches them only through
/// environment variables (never arguments, which any user can read in the process list); exit 0 is success; what they
/// print is kept (bounded) for the step's message, with the password scrubbed. Like Redis, one user may hold several
/// passwords: the programs get the retired password to remove it. A program that runs past the step's timeout is
/// killed with its children.
/// </summary>
public sealed class CommandBackend(string name, string set, string test, string retire, BackendInfo info) : ICredentialBackend
{
    public string Name { get; } = name;

    public BackendInfo Info { get; } = info;

    public Task PrepareAsync(string username, ManagedCredential first, CancellationToken cancellationToken) => Require(set, "set", username, first, cancellationToken);

    public Task ArmAsync(string username, ManagedCredential candidate, CancellationToken cancellationToken) => Require(set, "set", username, candidate, cancellationToken);

    public Task RetireAsync(string username, ManagedCredential retired, CancellationToken cancellationToken) => Require(retire, "retire", username, retired, cancellationToken);

    public async Task<CheckVerdict> TryLoginAsync(ManagedCredential credential, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(test, "test", credential.Username, credential, cancellationToken).ConfigureAwait(false);
        return new CheckVerdict(code == 0, $"test exited {code}{output}");
    }

    public Task<IReadOnlyDictionary<string, int>> SessionsAsync(string username, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyDictionary<string, int>>(new Dictionary<string, int>());

    public Task<CheckVerdict> PreflightAsync(string username, CancellationToken cancellationToken)
    {
        var missing = new[] { set, test, retire }.Where(p => !File.Exists(p) || (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(p) & UnixFileMode.UserExecute) == 0)).ToList();
        return Task.FromResult(missing.Count == 0
            ? new CheckVerdict(true, "the set, test and retire programs exist and are executable")
            : new CheckVerdict(false, "not an executable file: " + string.Join(", ", missing)));
    }

    private async Task Require(string program, string step, string username, ManagedCredential credential, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(program, step, username, credential, cancellationToken).ConfigureAwait(false);
        if (code != 0) throw new InvalidOperationException($"{step} exited {code}{output}");
    }

    private static async Task<(int Code, string Output)> RunAsync(string program, string step, string username, ManagedCredential credential, CancellationToken cancellationToken)
    {
        var (code, output) = await ScrubbedProcess.RunAsync(program, new Dictionary<string, string>
        {
            ["HAROMBE_SECRET_STEP"] = step, ["HAROMBE_USERNAME"] = username, ["HAROMBE_LOGIN"] = credential.Username, ["HAROMBE_PASSWORD"] = credential.Password,
        }, credential.Password, cancellationToken).ConfigureAwait(false);
        return (code, output.Length == 0 ? "" : ": " + output);
    }
}
