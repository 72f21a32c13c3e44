using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HarombeActors.Api.Dashboard;

/// <summary>
/// The dashboard's static files, shipped inside this assembly and served under /ui/ by every host. They hold no data
/// and need no token; everything they show comes from the JSON API, which does. Every answer carries a strict
/// Content-Security-Policy: scripts, styles and connections to this origin only, no inline code, no framing.
/// </summary>
public static class DashboardEndpoints
{
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static readonly Dictionary<string, (byte[] Body, string Type)> Files = Load();

    private static Dictionary<string, (byte[] Body, string Type)> Load()
    {
        var assembly = typeof(DashboardEndpoints).Assembly;
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard/", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var file = name["dashboard/".Length..];
            files[file] = (copy.ToArray(), Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            });
        }
        return files;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/ui/{**file}", (HttpContext context, string? file) =>
        {
            // Routing matches /ui and /ui/ alike; the page's relative links need the slash.
            if (!context.Request.Path.Value!.EndsWith('/') && string.IsNullOrEmpty(file)) return Results.Redirect("/ui/");
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-cache";
            return Files.TryGetValue(string.IsNullOrEmpty(file) ? "index.html" : file, out var found)
                ? Results.Bytes(found.Body, found.Type)
                : Results.NotFound();
        });
        return app;
    }
}
