using System.Globalization;
using System.Text.Json;

namespace LlmPulse.Collectors;

/// <summary>
/// Reads the fields of a JSON payload with errors that say which field and what was expected, so that a rejected
/// payload is explained: "items[3].views is a string; expected a number".
/// </summary>
public static class JsonFields
{
    public static JsonElement Object(JsonElement parent, string name, string path) =>
        Field(parent, name, path, JsonValueKind.Object, "an object");

    public static JsonElement Array(JsonElement parent, string name, string path) =>
        Field(parent, name, path, JsonValueKind.Array, "an array");

    public static string String(JsonElement parent, string name, string path) =>
        Field(parent, name, path, JsonValueKind.String, "text").GetString()!;

    public static decimal Number(JsonElement parent, string name, string path) => Number(Field(parent, name, path, JsonValueKind.Number, "a number"), $"{path}.{name}");

    public static decimal Number(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            throw Wrong(path, element, "a number");
        }

        if (!element.TryGetDecimal(out var value))
        {
            // Out of decimal's range: no figure here is that large, so the payload is wrong.
            throw new SourcePayloadException($"{path} is {element.GetRawText()}, which is not a usable number");
        }

        return value;
    }

    /// <summary>A Unix time in seconds, as a number that a date can hold.</summary>
    public static DateTimeOffset UnixSeconds(JsonElement element, string path)
    {
        var seconds = Number(element, path);
        return seconds >= 0 && seconds <= 253_402_300_799m
            ? DateTimeOffset.FromUnixTimeSeconds((long)seconds)
            : throw new SourcePayloadException($"{path} is {seconds.ToString(CultureInfo.InvariantCulture)}; expected a Unix time in seconds");
    }

    /// <summary>The element as an object, or a clear error when it is something else.</summary>
    public static JsonElement RequireObject(JsonElement element, string path) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Wrong(path, element, "an object");

    public static bool IsNull(JsonElement parent, string name) =>
        !parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    /// <summary>A date written as <paramref name="format"/> in a text field.</summary>
    public static DateOnly Date(JsonElement parent, string name, string path, string format)
    {
        var text = String(parent, name, path);
        return DateOnly.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new SourcePayloadException($"{path}.{name} is '{Cut(text)}'; expected a date as {format}");
    }

    private static JsonElement Field(JsonElement parent, string name, string path, JsonValueKind kind, string expected)
    {
        if (parent.ValueKind != JsonValueKind.Object)
        {
            throw Wrong(path, parent, "an object");
        }

        if (!parent.TryGetProperty(name, out var value))
        {
            throw new SourcePayloadException($"{path}.{name} is missing; expected {expected}");
        }

        return value.ValueKind == kind ? value : throw Wrong($"{path}.{name}", value, expected);
    }

    private static SourcePayloadException Wrong(string path, JsonElement value, string expected) =>
        new($"{path} is {Describe(value)}; expected {expected}");

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the text '{Cut(value.GetString() ?? "")}'",
        JsonValueKind.Number => $"the number {Cut(value.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => $"the boolean {value.GetRawText()}",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => "missing",
    };

    internal static string Cut(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
