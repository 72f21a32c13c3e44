using HarombeActors.Cli.Tests.Support;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// The container pieces without a Docker engine (none runs on these machines): the compose file validated by
/// docker-compose, demanding every secret from the environment; the image running unprivileged with a health check;
/// and the two host commands the containers use (certs init, health) run for real.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ContainerTests
{
    private static readonly string[] Secrets = ["HAROMBE_MASTER_KEY", "HAROMBE_POSTGRES_PASSWORD", "HAROMBE_OPERATOR_TOKEN", "HAROMBE_CONSUMER_TOKEN"];

    private static Task<CliRun> Compose(IEnumerable<string> secrets)
    {
        var info = Processes.Command("docker-compose", ["-f", Processes.RepositoryFile("docker", "docker-compose.yml"), "config"]);
        foreach (var name in Secrets) info.Environment.Remove(name);
        foreach (var name in secrets) info.Environment[name] = $"value-of-{name}";
        return Processes.RunAsync(info);
    }

    [Fact]
    public async Task The_compose_file_is_valid_and_takes_every_secret_from_the_environment()
    {
        var config = await Compose(Secrets);
        Assert.True(config.ExitCode == 0, config.ToString());
        foreach (var service in new[] { "postgres:", "certs:", "host1:", "host2:", "host3:", "consumer:" }) Assert.Contains($"  {service}", config.Stdout);
        // Each host's health check asks its own TLS front door, with the cluster CA.
        Assert.Equal(3, config.Stdout.Split("https://127.0.0.1:4054/healthz/ready").Length - 1);
        foreach (var name in Secrets) Assert.Contains($"value-of-{name}", config.Stdout);
        // Without any one of them, nothing starts, and the refusal names it.
        foreach (var missing in Secrets)
        {
            var refused = await Compose(Secrets.Where(s => s != missing));
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains($"set {missing}", refused.Stderr);
        }
    }

    [Fact]
    public void The_image_runs_unprivileged_with_a_health_check_and_builds_from_sources_only()
    {
        var dockerfile = File.ReadAllLines(Processes.RepositoryFile("docker", "Dockerfile"));
        var host = dockerfile.SkipWhile(l => !l.StartsWith("FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS host", StringComparison.Ordinal)).ToList();
        Assert.Contains("USER $APP_UID", host);
        Assert.Contains(host, l => l.StartsWith("HEALTHCHECK ", StringComparison.Ordinal) && l.Contains("\"health\"", StringComparison.Ordinal));
        Assert.Equal(2, dockerfile.Count(l => l == "USER $APP_UID"));
        var ignored = File.ReadAllLines(Processes.RepositoryFile(".dockerignore"));
        foreach (var folder in new[] { "**/data/", "**/bin/", "**/obj/", ".cluster/", ".git/" }) Assert.Contains(folder, ignored);
    }

    [Fact]
    public async Task Certs_init_creates_a_ca_that_issues_members_and_health_answers_for_a_host()
    {
        var dir = Directory.CreateTempSubdirectory("harombe-certs-init-").FullName;
        try
        {
            var init = await Processes.RunProgramAsync(Processes.HostDll, ["certs", "init", "--data-dir", Path.Combine(dir, "ca")]);
            Assert.True(init.ExitCode == 0, init.ToString());
            Assert.StartsWith("created the cluster CA", init.Stdout);
            var again = await Processes.RunProgramAsync(Processes.HostDll, ["certs", "init", "--data-dir", Path.Combine(dir, "ca")]);
            Assert.StartsWith("kept the cluster CA", again.Stdout);
            var issue = await Processes.RunProgramAsync(Processes.HostDll, ["certs", "issue", "--data-dir", Path.Combine(dir, "ca"), "--out", Path.Combine(dir, "host1"), "--name", "host1"]);
            Assert.True(issue.ExitCode == 0, issue.ToString());
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "ca", "cluster-ca.key")));
            var bad = await Processes.RunProgramAsync(Processes.HostDll, ["certs", "init", "--out", dir]);
            Assert.Equal(2, bad.ExitCode);
        }
        finally
        {
            Directory.Delete(dir, true);
        }

        await using var host = await HostProcess.StartNewAsync();
        var ready = await Processes.RunProgramAsync(Processes.HostDll, ["health", "--url", $"{host.ApiUrl}healthz/ready"]);
        Assert.True(ready.ExitCode == 0, ready.ToString());
        var nobody = await Processes.RunProgramAsync(Processes.HostDll, ["health", "--url", $"http://127.0.0.1:{Actors.Hosting.EmbeddedNode.FreeLoopbackPort()}/healthz/ready"]);
        Assert.Equal(1, nobody.ExitCode);
        var badUrl = await Processes.RunProgramAsync(Processes.HostDll, ["health", "--url", "ftp://x"]);
        Assert.Equal(2, badUrl.ExitCode);
    }
}
