using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace HarombeActors.Cli.Tests.Support;

/// <summary>One HTTP/JSON call to the front door and its answer, as curl would make it.</summary>
public sealed record JsonAnswer(HttpStatusCode Status, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The contract's error code (bad_input, unauthorized, ...) from the error's details.</summary>
    public string? Reason => Json.TryGetProperty("details", out var details) && details.GetArrayLength() > 0 ? details[0].GetProperty("reason").GetString() : null;

    public string? Field => Json.GetProperty("details")[0].GetProperty("metadata").TryGetProperty("field", out var f) ? f.GetString() : null;

    public override string ToString() => $"{(int)Status} {Body}";
}

public static class JsonApi
{
    public static async Task<JsonAnswer> SendAsync(HttpClient http, HttpMethod method, string route, string? token, string? body = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, route);
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType));
        using var response = await http.SendAsync(request);
        return new JsonAnswer(response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
