using System.Collections.Concurrent;
using System.Diagnostics;
using HarombeActors.Actors.Targets;
using HarombeActors.Domain.Targets;

namespace HarombeActors.ZeroDowntime;

/// <summary>The real backend, with the time of every call kept per step, so the harness can print time per step.</summary>
public sealed class TimedBackend(ICredentialBackend real) : ICredentialBackend
{
    public ConcurrentDictionary<string, ConcurrentBag<double>> Steps { get; } = new();

    public string Name => real.Name;
    public BackendInfo Info => real.Info;

    public Task PrepareAsync(string username, ManagedCredential first, CancellationToken c) => Time("prepare", () => real.PrepareAsync(username, first, c));
    public Task ArmAsync(string username, ManagedCredential candidate, CancellationToken c) => Time("set", () => real.ArmAsync(username, candidate, c));
    public Task RetireAsync(string username, ManagedCredential retired, CancellationToken c) => Time("retire", () => real.RetireAsync(username, retired, c));
    public Task<IReadOnlyDictionary<string, int>> SessionsAsync(string username, CancellationToken c) => real.SessionsAsync(username, c);
    public Task<CheckVerdict> PreflightAsync(string username, CancellationToken c) => real.PreflightAsync(username, c);

    public async Task<CheckVerdict> TryLoginAsync(ManagedCredential credential, CancellationToken c)
    {
        var watch = Stopwatch.StartNew();
        var verdict = await real.TryLoginAsync(credential, c);
        Steps.GetOrAdd("login test", _ => []).Add(watch.Elapsed.TotalMilliseconds);
        return verdict;
    }

    private async Task Time(string step, Func<Task> call)
    {
        var watch = Stopwatch.StartNew();
        await call();
        Steps.GetOrAdd(step, _ => []).Add(watch.Elapsed.TotalMilliseconds);
    }
}
