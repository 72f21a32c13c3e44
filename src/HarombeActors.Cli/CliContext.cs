using System.CommandLine;
using HarombeActors.Contracts.Messages;
using HarombeActors.Contracts.Operator;

namespace HarombeActors.Cli;

/// <summary>The global switches, resolved once per invocation.</summary>
public sealed class CliContext(string contact, TimeSpan timeout, bool json, string? token, string dataDir, string systemName)
{
    public const string ContactVariable = "HAROMBE_CONTACT";

    public static readonly Option<string> ContactOption = new("--contact")
    {
        Description = "host:port of any cluster host (default 127.0.0.1:4053, or HAROMBE_CONTACT)", Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(ContactVariable) ?? "127.0.0.1:4053",
    };
    public static readonly Option<string> TimeoutOption = new("--timeout") { Description = "how long to wait for the cluster (default 10s)", Recursive = true, DefaultValueFactory = _ => "10s" };
    public static readonly Option<bool> JsonOption = new("--json") { Description = "print exactly one JSON object", Recursive = true };
    public static readonly Option<string?> TokenOption = new("--token") { Description = "operator token (or HAROMBE_OPERATOR_TOKEN, or the host's DATA_DIR/operator.token)", Recursive = true };
    public static readonly Option<string> DataDirOption = new("--data-dir") { Description = "the host's data directory, to read operator.token from", Recursive = true, DefaultValueFactory = _ => "data" };
    public static readonly Option<string> SystemOption = new("--system") { Description = "the cluster's actor system name", Recursive = true, DefaultValueFactory = _ => "harombe", Hidden = true };

    public static IEnumerable<Option> All => [ContactOption, TimeoutOption, JsonOption, TokenOption, DataDirOption, SystemOption];

    public static CliContext From(ParseResult parse) => new(
        parse.GetValue(ContactOption)!, Durations.Parse(parse.GetValue(TimeoutOption)!, "--timeout"), parse.GetValue(JsonOption),
        parse.GetValue(TokenOption), parse.GetValue(DataDirOption)!, parse.GetValue(SystemOption)!);

    public bool Json => json;

    public Output Output { get; } = new(json, Console.Out, Console.Error);

    /// <summary>--token, else HAROMBE_OPERATOR_TOKEN, else the token file the host created in its data directory.</summary>
    public string Token()
    {
        if (!string.IsNullOrWhiteSpace(token)) return token.Trim();
        var fromEnvironment = Environment.GetEnvironmentVariable(OperatorGatewayPath.TokenVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment.Trim();
        var file = Path.Combine(dataDir, OperatorGatewayPath.TokenFileName);
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        throw CliException.BadInput($"--token: no operator token (pass --token, set {OperatorGatewayPath.TokenVariable}, or point --data-dir at the host's data directory; {file} does not exist)");
    }

    /// <summary>
    /// Builds the request (possibly after asking something first on the same connection), sends it, and renders
    /// its answer. Every failure becomes an exit code.
    /// </summary>
    public async Task<int> RunAsync(Func<Func<IHarombeMessage, Task<OperatorResult>>, string, Task<IHarombeMessage>> build, bool showProgress = false, bool abandoning = false)
    {
        var token = Token();
        await using var connection = OperatorConnection.Open(contact, systemName);
        var message = await build(m => connection.SendAsync(m, timeout), token);
        var result = await connection.SendAsync(message, timeout, showProgress ? Output.Progress : null);
        return Output.Result(result, abandoning);
    }

    public Task<int> RunAsync(Func<string, IHarombeMessage> request, bool showProgress = false, bool abandoning = false) =>
        RunAsync((_, token) => Task.FromResult(request(token)), showProgress, abandoning);
}
