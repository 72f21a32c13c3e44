using System.Diagnostics;

namespace HarombeActors.Cli.Tests.Support;

public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
}

/// <summary>Finds the built host and CLI next to this test assembly's configuration, and runs them as processes.</summary>
public static class Processes
{
    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/net10.0
    private static readonly string Root = FindRoot();

    public static string HostDll => Built("src", "HarombeActors.Host", "harombe-host.dll");
    public static string CliDll => Built("src", "HarombeActors.Cli", "harombe.dll");
    public static string SampleConsumerDll => Built("src", "HarombeActors.SampleConsumer", "HarombeActors.SampleConsumer.dll");
    public static string DemoDll => Built("src", "HarombeActors.Demo", "HarombeActors.Demo.dll");
    public static string ZeroDowntimeDll => Built("bench", "HarombeActors.ZeroDowntime", "HarombeActors.ZeroDowntime.dll");

    /// <summary>A file of the repository (samples in other languages run from where they are).</summary>
    public static string RepositoryFile(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Built(string folder, string project, string dll)
    {
        var path = Path.Combine(Root, folder, project, "bin", Configuration, "net10.0", dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built");
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HarombeActors.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException("HarombeActors.sln not found above the test assembly");
    }

    /// <summary>A program with its arguments and every stream redirected, for <see cref="RunAsync"/> or Process.Start.</summary>
    public static ProcessStartInfo Command(string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        return info;
    }

    public static ProcessStartInfo Dotnet(string dll, IEnumerable<string> args)
    {
        var info = Command("dotnet", [dll, .. args]);
        info.Environment["DOTNET_HOSTBUILDER__RELOADCONFIGONCHANGE"] = "false";
        info.Environment.Remove("HAROMBE_OPERATOR_TOKEN");
        info.Environment.Remove("HAROMBE_CONTACT");
        return info;
    }

    /// <summary>
    /// Starts the CLI and returns once a line of its standard error satisfies <paramref name="stderrLine"/>, with
    /// the task of its completion: lets a test act at a known point of a long command (e.g. a progress line).
    /// </summary>
    public static async Task<Task<CliRun>> StartCliAsync(IEnumerable<string> args, Func<string, bool> stderrLine, TimeSpan limit)
    {
        var process = Process.Start(Dotnet(CliDll, args))!;
        process.StandardInput.Close();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderr = new System.Text.StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var readErr = Task.Run(async () =>
        {
            // Progress is drawn with carriage returns when stderr is a terminal, one line per update otherwise.
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                stderr.AppendLine(line);
                if (stderrLine(line)) seen.TrySetResult();
            }
        });
        var completion = Task.Run(async () =>
        {
            using (process)
            {
                using var cts = new CancellationTokenSource(limit);
                try
                {
                    await process.WaitForExitAsync(cts.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    throw new TimeoutException($"harombe {string.Join(' ', args)} did not finish");
                }
                await readErr;
                return new CliRun(process.ExitCode, (await stdout).Trim(), stderr.ToString().Trim());
            }
        });
        await Task.WhenAny(seen.Task, completion).Unwrap();
        return completion;
    }

    /// <summary>Runs the CLI to completion (killed by PID if it outlives <paramref name="limit"/>).</summary>
    public static Task<CliRun> RunCliAsync(IEnumerable<string> args, string? stdin = null, TimeSpan? limit = null) =>
        RunProgramAsync(CliDll, args, stdin, limit);

    /// <summary>Runs a built program to completion (killed by PID if it outlives <paramref name="limit"/>).</summary>
    public static Task<CliRun> RunProgramAsync(string dll, IEnumerable<string> args, string? stdin = null, TimeSpan? limit = null) =>
        RunAsync(Dotnet(dll, args), stdin, limit);

    /// <summary>Runs a command (see <see cref="Command"/>) to completion, killed by PID if it outlives <paramref name="limit"/> (60 s).</summary>
    public static async Task<CliRun> RunAsync(ProcessStartInfo info, string? stdin = null, TimeSpan? limit = null)
    {
        using var process = Process.Start(info)!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(limit ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{string.Join(' ', info.ArgumentList.Prepend(Path.GetFileName(info.FileName)))} did not finish");
        }
        return new CliRun(process.ExitCode, (await stdout).Trim(), (await stderr).Trim());
    }
}
