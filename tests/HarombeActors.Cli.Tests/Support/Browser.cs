using Microsoft.Playwright;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>
/// The machine's Chromium (Debian's package, /usr/bin/chromium), headless, driven by Playwright; no browser is
/// downloaded. Started with the switches that keep it off the network (no background services, no updates), and a
/// fresh profile each time. Every page it opens records the requests it makes and the errors on its console.
/// </summary>
public sealed class Browser : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Browser(IPlaywright playwright, IBrowser browser) => (_playwright, _browser) = (playwright, browser);

    public static async Task<Browser> StartAsync()
    {
        if (!File.Exists(Executable)) throw new InvalidOperationException($"{Executable} is missing: apt-get install chromium (.ci/run installs it)");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new Browser(playwright, browser);
    }

    public sealed record Tab(IBrowserContext Context, IPage Page, List<string> Requests, List<string> ConsoleErrors);

    public async Task<Tab> OpenAsync()
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        var page = await context.NewPageAsync();
        var requests = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) => { lock (requests) requests.Add(request.Url); };
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add(message.Text); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        // A confirmation is accepted, as an operator would after reading it.
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        return new Tab(context, page, requests, errors);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
