using System.Net;
using HarombeActors.Cli.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HarombeActors.Cli.Tests;

/// <summary>
/// The dashboard in a real headless Chromium against a real host: the token is taken from the address and removed at
/// once, the secrets page lists secrets, a dual-write's progress bar moves as consumers migrate (and a screenshot of
/// that page is written), the rotate button asks and rotates, a wrong token shows an error and no data, and no page
/// makes a request anywhere but its own host or breaks its Content-Security-Policy.
/// </summary>
public class DashboardTests(FrontDoorHost host) : IClassFixture<FrontDoorHost>, IAsyncLifetime
{
    private Browser _browser = null!;

    public async Task InitializeAsync() => _browser = await Browser.StartAsync();

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    private string Ui(string fragment) => new Uri(host.ApiUrl, "/ui/").AbsoluteUri + fragment;

    /// <summary>Only the host itself was asked for anything, and nothing was refused by the page's policy or failed in its script.</summary>
    private void AssertClean(Browser.Tab tab)
    {
        lock (tab.Requests) Assert.All(tab.Requests, url => Assert.StartsWith(host.ApiUrl.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));
        lock (tab.ConsoleErrors) Assert.True(tab.ConsoleErrors.Count == 0, string.Join("\n", tab.ConsoleErrors));
    }

    [Fact]
    public async Task The_secrets_page_lists_secrets_by_prefix_and_the_token_leaves_the_address_bar_at_once()
    {
        foreach (var path in new[] { "/ui-list/alpha", "/ui-list/beta", "/ui-other/gamma" })
            Assert.Equal(0, (await host.PipeAsync("dashboard-plaintext", "secret", "put", path)).ExitCode);
        var tab = await _browser.OpenAsync();
        await tab.Page.GotoAsync(Ui("#token=" + Uri.EscapeDataString(host.OperatorToken)));
        await Expect(tab.Page.Locator("#secrets")).ToBeVisibleAsync();
        Assert.DoesNotContain("token", tab.Page.Url, StringComparison.Ordinal);
        Assert.Equal(host.OperatorToken, await tab.Page.EvaluateAsync<string>("sessionStorage.getItem('harombe.operatorToken')"));
        await Expect(tab.Page.Locator("tr[data-path='/ui-list/alpha']")).ToBeVisibleAsync();

        await tab.Page.FillAsync("#prefix", "/ui-list");
        await tab.Page.Keyboard.PressAsync("Enter");
        await Expect(tab.Page.Locator("#secrets tbody tr")).ToHaveCountAsync(2);
        await Expect(tab.Page.Locator("tr[data-path='/ui-other/gamma']")).ToHaveCountAsync(0);
        Assert.DoesNotContain("dashboard-plaintext", await tab.Page.ContentAsync(), StringComparison.Ordinal);
        AssertClean(tab);
    }

    [Fact]
    public async Task A_wrong_token_shows_an_error_and_no_data()
    {
        Assert.Equal(0, (await host.PipeAsync("dashboard-plaintext", "secret", "put", "/ui-wrong/secret")).ExitCode);
        var tab = await _browser.OpenAsync();
        await tab.Page.GotoAsync(Ui("#token=not-the-operator-token"));
        await Expect(tab.Page.Locator("[role=alert]")).ToContainTextAsync("token was refused");
        await Expect(tab.Page.Locator("#secrets")).ToHaveCountAsync(0);
        Assert.DoesNotContain("/ui-wrong/secret", await tab.Page.ContentAsync(), StringComparison.Ordinal);
        // Refused tokens are forgotten; the sign-in form asks again.
        Assert.Null(await tab.Page.EvaluateAsync<string?>("sessionStorage.getItem('harombe.operatorToken')"));
        await Expect(tab.Page.Locator("#login-form")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_dual_writes_progress_bar_moves_as_consumers_migrate_and_the_page_is_captured()
    {
        const string path = "/ui-dual/db";
        await host.HeldDualWriteAsync(path, "dashboard-plaintext-1", "checkout-1", "checkout-2", "billing");

        var tab = await _browser.OpenAsync();
        await tab.Page.GotoAsync(Ui("#token=" + Uri.EscapeDataString(host.OperatorToken)));
        await tab.Page.GotoAsync(Ui("#/secret" + path));
        var text = tab.Page.Locator("#migration-text");
        await Expect(text).ToContainTextAsync("0 of 3 consumers");
        await host.BeatAsync(path, "checkout-1", 2);
        await Expect(text).ToContainTextAsync("1 of 3 consumers");
        await Expect(tab.Page.Locator("#migration")).ToHaveAttributeAsync("value", "1");
        await host.BeatAsync(path, "checkout-2", 2);
        await Expect(text).ToContainTextAsync("2 of 3 consumers");
        // The consumer groups follow (read again at most once a second): two on v2, one on v1.
        await Expect(tab.Page.Locator(".group[data-version='2'] li")).ToHaveCountAsync(2);
        await Expect(tab.Page.Locator(".group[data-version='1'] li")).ToHaveCountAsync(1);

        var shot = Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard-dual-write.png");
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await tab.Page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true });
        Assert.True(new FileInfo(shot).Length > 10_000);
        Console.WriteLine($"screenshot: {shot}");
        if (Environment.GetEnvironmentVariable("HAROMBE_WRITE_SCREENSHOT") is { Length: > 0 } docs) File.Copy(shot, docs, overwrite: true);

        await host.BeatAsync(path, "billing", 2);
        await Expect(text).ToContainTextAsync("Rotation ended: success");
        Assert.DoesNotContain("dashboard-plaintext", await tab.Page.ContentAsync(), StringComparison.Ordinal);
        AssertClean(tab);
    }

    [Fact]
    public async Task The_rotate_button_asks_first_then_rotates_and_shows_the_result()
    {
        const string path = "/ui-rotate/api-key";
        Assert.Equal(0, (await host.PipeAsync("dashboard-plaintext", "secret", "put", path)).ExitCode);
        var tab = await _browser.OpenAsync();
        var asked = new List<string>();
        tab.Page.Dialog += (_, dialog) => asked.Add(dialog.Message);
        await tab.Page.GotoAsync(Ui("#token=" + Uri.EscapeDataString(host.OperatorToken)));
        await tab.Page.GotoAsync(Ui("#/secret" + path));
        await Expect(tab.Page.Locator("[data-slot=current]")).ToHaveTextAsync("v1");
        await tab.Page.SelectOptionAsync("#strategy", "immediate");
        await tab.Page.ClickAsync("#do-rotate");
        await Expect(tab.Page.Locator("[data-slot=current]")).ToHaveTextAsync("v2");
        Assert.Equal(["Rotate " + path + "?"], asked);
        var status = HostProcess.Json(await host.RunAsync("secret", "status", path, "--json"));
        Assert.Equal(2, status.GetProperty("currentVersion").GetInt32());

        // History and report pages of the same secret.
        await tab.Page.GotoAsync(Ui("#/history" + path));
        await Expect(tab.Page.Locator("#timeline li")).ToHaveCountAsync(HostProcess.Json(await host.RunAsync("secret", "history", path, "--json")).GetProperty("events").GetArrayLength());
        await tab.Page.GotoAsync(Ui("#/report" + path));
        await Expect(tab.Page.Locator("#distribution")).ToBeVisibleAsync();
        await tab.Page.GotoAsync(Ui("#/cluster"));
        await Expect(tab.Page.Locator("#members tbody tr")).ToHaveCountAsync(1);
        AssertClean(tab);
    }

    [Fact]
    public async Task Crafted_addresses_neither_reach_another_route_nor_keep_a_token_in_the_address_bar()
    {
        var tab = await _browser.OpenAsync();
        // A malformed escape in the token: nothing is taken, and it still leaves the address bar.
        await tab.Page.GotoAsync(Ui("#token=a%ZZ"));
        Assert.DoesNotContain("token", tab.Page.Url, StringComparison.Ordinal);
        await Expect(tab.Page.Locator("#login-form")).ToBeVisibleAsync();
        // A token behind a route: taken, and exactly it removed.
        await tab.Page.GotoAsync(Ui("#/cluster&token=" + Uri.EscapeDataString(host.OperatorToken)));
        await Expect(tab.Page.Locator("#members")).ToBeVisibleAsync();
        Assert.DoesNotContain(host.OperatorToken, tab.Page.Url, StringComparison.Ordinal);
        // '..' in a secret's address would make the browser call another route than the one shown: refused, nothing asked.
        var before = tab.Requests.Count;
        await tab.Page.GotoAsync(Ui("#/secret/ui-safe/../../v1/webhooks"));
        await Expect(tab.Page.Locator("[role=alert]")).ToContainTextAsync("Not a secret path");
        lock (tab.Requests) Assert.DoesNotContain(tab.Requests.Skip(before), url => url.Contains("/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Oversized_or_malformed_calls_from_the_page_are_refused_and_nothing_is_stored()
    {
        var tab = await _browser.OpenAsync();
        await tab.Page.GotoAsync(Ui("#token=" + Uri.EscapeDataString(host.OperatorToken)));
        await Expect(tab.Page.Locator("#secrets")).ToBeVisibleAsync();
        // What a page (or a script injected into one) could send with the token it holds.
        var statuses = await tab.Page.EvaluateAsync<int[]>(@"async () => {
            const token = sessionStorage.getItem('harombe.operatorToken');
            const send = body => fetch('/v1/webhooks', { method: 'POST', headers: { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' }, body })
                .then(r => r.status, () => 0);
            return [
                await send('{""url"":""https://hooks.example.com/' + 'x'.repeat(8 * 1024 * 1024) + '"",""events"":[""rotation.failed""]}'),
                await send('{""url"":""https://hooks.example.com/half'),
                await send('{""url"":""https://hooks.example.com/unknown"",""events"":[""rotation.failed""],""secret"":""mine""}'),
                await send('[1,2,3]'),
            ];
        }");
        Assert.Equal([413, 400, 400, 400], statuses);
        using var http = host.Http();
        Assert.DoesNotContain("hooks.example.com", (await JsonApi.SendAsync(http, HttpMethod.Get, "/v1/webhooks", host.OperatorToken)).Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_are_served_with_a_strict_policy_and_hold_no_data()
    {
        using var http = host.Http();
        using var page = await http.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var policy = string.Join(";", page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await page.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/ui/../appsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/ui/missing.js")).StatusCode);
    }
}
