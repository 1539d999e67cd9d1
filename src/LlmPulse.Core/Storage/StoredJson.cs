using System.Text.Json.Serialization;
using LlmPulse.Briefings;
using LlmPulse.Delivery;

namespace LlmPulse.Storage;

/// <summary>
/// Serialization code, generated at build time, for every type LlmPulse writes as JSON: blob metadata, covers, month
/// figures, queue messages and webhook bodies. Each writer keeps its own options (naming, escaping) and takes its
/// metadata from here, so nothing reflects over types at run time: a cold process skips that work, and a natively
/// compiled llmpulse (which cannot do it) serializes the same bytes.
/// </summary>
[JsonSerializable(typeof(BriefingSummary))]
[JsonSerializable(typeof(BriefingCover))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(Dictionary<string, decimal>))]
[JsonSerializable(typeof(SortedDictionary<string, decimal>))]
[JsonSerializable(typeof(CollectMessage))]
[JsonSerializable(typeof(DeliveryMessage))]
[JsonSerializable(typeof(WebhookChannel.WebhookPayload))]
internal sealed partial class StoredJson : JsonSerializerContext;
