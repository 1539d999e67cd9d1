using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Formatters;

namespace LlmPulse.Functions.Http;

/// <summary>JSON answers, written with their own serializer settings so the wire format never depends on host MVC options.</summary>
internal static class ApiResults
{
    public const string JsonContentType = "application/json";

    public static readonly JsonSerializerOptions SerializerOptions = new(JsonSerializerDefaults.Web)
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static readonly SystemTextJsonOutputFormatter Formatter = new(SerializerOptions);

    public static ObjectResult Ok(object body) => WithJson(new OkObjectResult(body), JsonContentType);

    public static ObjectResult Created(string location, object body) => WithJson(new CreatedResult(location, body), JsonContentType);

    /// <summary>202: the work is queued; <paramref name="location"/> is where to follow it (null: no such place).</summary>
    public static ObjectResult Accepted(string? location, object body) => WithJson(new AcceptedResult(location, body), JsonContentType);

    public static ObjectResult Json(object body, int status, string contentType) =>
        WithJson(new ObjectResult(body) { StatusCode = status }, contentType);

    private static ObjectResult WithJson(ObjectResult result, string contentType)
    {
        result.Formatters.Add(Formatter);
        result.ContentTypes.Add(contentType);
        return result;
    }
}
