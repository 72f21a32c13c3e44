using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using HarombeActors.Protocol;
using HarombeActors.Protocol.V1;

namespace HarombeActors.Cli;

/// <summary>The global switches, resolved once per invocation, and the one way calls go out (with failover between contacts).</summary>
public sealed class CliContext(IReadOnlyList<string> contacts, TimeSpan timeout, bool json, string? token, string dataDir, string? caCert)
{
    public const string ContactVariable = "HAROMBE_CONTACT";

    public static readonly Option<string[]> ContactOption = new("--contact")
    {
        Description = $"HOST:PORT (or http(s)://HOST:PORT) of a host's API; repeat it to fail over (default {FrontDoor.DefaultContact}, or {ContactVariable}, comma-separated)",
        Recursive = true, AllowMultipleArgumentsPerToken = false,
    };
    public static readonly Option<string> TimeoutOption = new("--timeout") { Description = "how long to wait for an answer (default 10s)", Recursive = true, DefaultValueFactory = _ => "10s" };
    public static readonly Option<bool> JsonOption = new("--json") { Description = "print exactly one JSON object", Recursive = true };
    public static readonly Option<string?> TokenOption = new("--token") { Description = $"operator token (or {FrontDoor.OperatorTokenVariable}, or the host's DATA_DIR/{FrontDoor.OperatorTokenFile})", Recursive = true };
    public static readonly Option<string> DataDirOption = new("--data-dir") { Description = "the host's data directory, to read the operator token from", Recursive = true, DefaultValueFactory = _ => "data" };
    public static readonly Option<string?> CaCertOption = new("--ca-cert") { Description = "PEM file of a private CA to trust for https contacts (instead of the system's roots)", Recursive = true };

    public static IEnumerable<Option> All => [ContactOption, TimeoutOption, JsonOption, TokenOption, DataDirOption, CaCertOption];

    public static CliContext From(ParseResult parse)
    {
        var contacts = parse.GetValue(ContactOption) is { Length: > 0 } given ? given
            : Environment.GetEnvironmentVariable(ContactVariable)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: > 0 } fromEnvironment ? fromEnvironment
            : [FrontDoor.DefaultContact];
        return new CliContext(contacts, Durations.Parse(parse.GetValue(TimeoutOption)!, "--timeout"), parse.GetValue(JsonOption),
            parse.GetValue(TokenOption), parse.GetValue(DataDirOption)!, parse.GetValue(CaCertOption));
    }

    public TimeSpan Timeout => timeout;

    public Output Output { get; } = new(json, Console.Out, Console.Error);

    /// <summary>--token, else HAROMBE_OPERATOR_TOKEN, else the token file the host created in its data directory.</summary>
    private string Token()
    {
        if (!string.IsNullOrWhiteSpace(token)) return token.Trim();
        var fromEnvironment = Environment.GetEnvironmentVariable(FrontDoor.OperatorTokenVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment)) return fromEnvironment.Trim();
        var file = Path.Combine(dataDir, FrontDoor.OperatorTokenFile);
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        throw CliException.BadInput($"--token: no operator token (pass --token, set {FrontDoor.OperatorTokenVariable}, or point --data-dir at the host's data directory; {file} does not exist)");
    }

    private X509Certificate2? Ca()
    {
        if (caCert is null) return null;
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(caCert);
        }
        catch (Exception e) when (e is IOException or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw CliException.BadInput($"--ca-cert: cannot read {caCert}: {e.Message}");
        }
    }

    /// <summary>
    /// Runs <paramref name="call"/> against the first contact that answers: a contact that cannot be reached at all is
    /// skipped; one that answered (even with an error) is the answer. None reachable within --timeout: exit 3.
    /// </summary>
    public async Task<T> CallAsync<T>(Func<Operator.OperatorClient, CallOptions, Task<T>> call)
    {
        var headers = new Metadata { { "authorization", FrontDoor.BearerPrefix + Token() } };
        var ca = Ca();
        var unreachable = new List<string>();
        foreach (var contact in contacts)
        {
            Uri address;
            try
            {
                address = FrontDoorChannels.Address(contact);
            }
            catch (ArgumentException e)
            {
                throw CliException.BadInput($"--contact: {e.Message}");
            }
            using var channel = FrontDoorChannels.Open(address, ca);
            try
            {
                return await call(new Operator.OperatorClient(channel), new CallOptions(headers));
            }
            catch (RpcException e) when (ApiErrors.IsUnreachable(e))
            {
                unreachable.Add($"{contact} ({ApiErrors.Describe(e)})");
            }
        }
        throw new CliException(ExitCodes.Unreachable, "unreachable", $"no API reachable within {timeout.TotalSeconds:0.#} s: {string.Join("; ", unreachable)}");
    }

    /// <summary>A unary call with --timeout as its deadline.</summary>
    public Task<T> UnaryAsync<T>(Func<Operator.OperatorClient, CallOptions, AsyncUnaryCall<T>> call) =>
        CallAsync(async (client, options) => await call(client, options.WithDeadline(DateTime.UtcNow + timeout)));

    /// <summary>Several calls as one (pages of a list), under one --timeout deadline.</summary>
    public async Task<int> RunAsync<T>(Func<Operator.OperatorClient, CallOptions, Task<T>> calls, Func<T, int> render)
    {
        try
        {
            return render(await CallAsync((client, options) => calls(client, options.WithDeadline(DateTime.UtcNow + timeout))));
        }
        catch (RpcException e)
        {
            return Output.Error(e);
        }
    }

    public async Task<int> RunAsync<T>(Func<Operator.OperatorClient, CallOptions, AsyncUnaryCall<T>> call, Func<T, int> render)
    {
        try
        {
            return render(await UnaryAsync(call));
        }
        catch (RpcException e)
        {
            return Output.Error(e);
        }
    }
}
