using System.Collections;
using System.Reflection;
using System.Text.Json;
using Akka.Actor;
using HarombeActors.Domain.Values;

namespace HarombeActors.Actors.Tests.Support;

/// <summary>
/// Compares a deserialized copy with its original property by property, all the way down, and checks that the JSON
/// written carries every public property. Comparing the JSON of the original with the JSON of the copy cannot see a
/// property that is never written: it is missing from both, and the copy silently holds its default.
/// </summary>
public static class RoundTripAssert
{
    private const int MaxDepth = 20;

    public static void Equivalent(object expected, object actual, JsonElement written) =>
        Walk(expected, actual, written, expected.GetType().Name, 0);

    private static void Walk(object? expected, object? actual, JsonElement? json, string at, int depth)
    {
        if (depth > MaxDepth) throw new Xunit.Sdk.XunitException($"{at}: deeper than {MaxDepth} levels");
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null) Fail(at, expected, actual);
            return;
        }
        // Collections may come back as another collection type (an array read into a list): their items are compared.
        if (expected.GetType() != actual.GetType() && !(expected is IEnumerable && actual is IEnumerable))
            Fail(at, expected.GetType().Name, actual.GetType().Name);
        switch (expected)
        {
            case string or decimal or DateTime or TimeSpan or Guid or Enum or IActorRef:
            case var _ when expected.GetType().IsPrimitive:
                if (!expected.Equals(actual)) Fail(at, expected, actual);
                return;
            case DateTimeOffset time:
                if (!time.EqualsExact((DateTimeOffset)actual)) Fail(at, expected, actual);
                return;
            case SecretValue value:
                if (value.RevealPlaintext() != ((SecretValue)actual).RevealPlaintext()) Fail(at, "a value", "another value");
                return;
            case IDictionary map:
                WalkDictionary(map, (IDictionary)actual, json, at, depth);
                return;
            case IEnumerable sequence:
                WalkSequence(sequence, (IEnumerable)actual, json, at, depth);
                return;
        }
        // A polymorphic property ({"m": manifest, "v": payload}) carries the object's properties under "v".
        if (json is { ValueKind: JsonValueKind.Object } wrapper && wrapper.TryGetProperty("m", out _) && wrapper.TryGetProperty("v", out var payload)) json = payload;
        foreach (var property in expected.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
        {
            JsonElement? child = null;
            // Types written by a converter (ids, paths, values, references) are strings in JSON: nothing to look for.
            // A property kept out of the JSON on purpose is derived from written ones: its value is still compared below.
            if (json is { ValueKind: JsonValueKind.Object } obj && property.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            {
                if (!obj.TryGetProperty(JsonNamingPolicy.CamelCase.ConvertName(property.Name), out var found))
                    throw new Xunit.Sdk.XunitException($"{at}.{property.Name}: never written, so it cannot survive a round trip");
                child = found;
            }
            Walk(property.GetValue(expected), property.GetValue(actual), child, $"{at}.{property.Name}", depth + 1);
        }
    }

    private static void WalkSequence(IEnumerable expected, IEnumerable actual, JsonElement? json, string at, int depth)
    {
        var e = expected.Cast<object?>().ToList();
        var a = actual.Cast<object?>().ToList();
        if (e.Count != a.Count) Fail($"{at}.Count", e.Count, a.Count);
        var items = json is { ValueKind: JsonValueKind.Array } array ? array.EnumerateArray().Select(x => (JsonElement?)x).ToList() : null;
        for (var i = 0; i < e.Count; i++) Walk(e[i], a[i], items?[i], $"{at}[{i}]", depth + 1);
    }

    private static void WalkDictionary(IDictionary expected, IDictionary actual, JsonElement? json, string at, int depth)
    {
        if (expected.Count != actual.Count) Fail($"{at}.Count", expected.Count, actual.Count);
        foreach (DictionaryEntry entry in expected)
        {
            if (!actual.Contains(entry.Key)) Fail($"{at}[{entry.Key}]", "present", "missing");
            JsonElement? child = json is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(entry.Key.ToString()!, out var found) ? found : null;
            Walk(entry.Value, actual[entry.Key], child, $"{at}[{entry.Key}]", depth + 1);
        }
    }

    private static void Fail(string at, object? expected, object? actual) =>
        throw new Xunit.Sdk.XunitException($"{at}: expected {expected ?? "null"}, got {actual ?? "null"}");
}
