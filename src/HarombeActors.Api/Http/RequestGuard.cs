using System.Text;
using System.Text.Json;
using Google.Protobuf.Reflection;
using HarombeActors.Api.Errors;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace HarombeActors.Api.Http;

/// <summary>
/// What JSON transcoding lets through and a secrets API must not: a field it does not know (a typo such as "revael"
/// silently meaning "masked" is worse than an error), and a path whose "." or ".." segments (plain or percent-encoded)
/// the server would resolve into another secret than the one typed. Both are refused with the field and the rule,
/// before any service code runs.
/// </summary>
public sealed class RequestGuard(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>() is { } transcoding)
        {
            (string Field, string Rule)? refusal;
            var status = StatusCodes.Status400BadRequest;
            try
            {
                refusal = DotSegments(context) ?? UnknownQuery(context, transcoding.MethodDescriptor.InputType) ?? await UnknownBodyFields(context, transcoding);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                refusal = ("body", $"must be at most {context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize} bytes");
                status = e.StatusCode;
            }
            if (refusal is { } r)
            {
                await Refuse(context, status, r.Field, r.Rule);
                return;
            }
        }
        await next(context);
    }

    private static (string Field, string Rule)? DotSegments(HttpContext context)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var question = raw.IndexOf('?', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(question >= 0 ? raw[..question] : raw);
        return path.Split('/').Any(s => s is "." or "..") ? ("path", "must not contain '.' or '..' segments") : null;
    }

    private static (string Field, string Rule)? UnknownQuery(HttpContext context, MessageDescriptor input)
    {
        foreach (var key in context.Request.Query.Keys)
        {
            if (Find(input, key.Split('.')[0]) is null) return (key, "is not a parameter of this call");
        }
        return null;
    }

    private static async Task<(string Field, string Rule)?> UnknownBodyFields(HttpContext context, GrpcJsonTranscodingMetadata transcoding)
    {
        if (transcoding.HttpRule.Body.Length == 0 || context.Request.ContentLength == 0) return null;
        if (context.Request.ContentType is not { } type || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)) return null;
        context.Request.EnableBuffering();
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException)
        {
            return ("body", "must be one JSON object");
        }
        finally
        {
            context.Request.Body.Position = 0;
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) return ("body", "must be one JSON object");
            return Unknown(document.RootElement, transcoding.MethodDescriptor.InputType, "");
        }
    }

    private static (string Field, string Rule)? Unknown(JsonElement element, MessageDescriptor message, string prefix)
    {
        foreach (var property in element.EnumerateObject())
        {
            var name = prefix + property.Name;
            if (Find(message, property.Name) is not { } field) return (name, "is not a field of this request");
            // Well-known types (durations, timestamps) are scalars in JSON; only our own messages are walked.
            if (field.FieldType == FieldType.Message && !field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal)
                && property.Value.ValueKind == JsonValueKind.Object && Unknown(property.Value, field.MessageType, name + ".") is { } nested)
                return nested;
        }
        return null;
    }

    private static FieldDescriptor? Find(MessageDescriptor message, string name) =>
        message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == name || f.Name == name);

    /// <summary>The same shape as every other API error (google.rpc.Status as JSON, with the contract's reason and field).</summary>
    private static async Task Refuse(HttpContext context, int status, string field, string rule)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("code", (int)Grpc.Core.StatusCode.InvalidArgument);
            json.WriteString("message", $"{field}: {rule}");
            json.WriteStartArray("details");
            json.WriteStartObject();
            json.WriteString("@type", "type.googleapis.com/google.rpc.ErrorInfo");
            json.WriteString("reason", "bad_input");
            json.WriteString("domain", ApiErrors.Domain);
            json.WriteStartObject("metadata");
            json.WriteString("field", field);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
        }
        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted);
    }
}
