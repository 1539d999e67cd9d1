using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text.Json.Serialization;

namespace LlmPulse.Infra.Tests;

/// <summary>infra/app-settings.json: every app setting, who reads it, and whether and how the Bicep sets it.</summary>
internal sealed class AppSettingsDocument
{
    public const string RelativePath = "infra/app-settings.json";

    [JsonPropertyName("settings")]
    public required IReadOnlyList<DocumentedSetting> Settings { get; init; }

    public static AppSettingsDocument Load() =>
        JsonSerializer.Deserialize<AppSettingsDocument>(Repository.Read("infra", "app-settings.json"))
        ?? throw new InvalidOperationException($"{RelativePath} is empty.");

    /// <summary>The entry named <paramref name="name"/>, or else the one whose pattern it fits (see <see cref="DocumentedSetting.Matches"/>).</summary>
    public DocumentedSetting? Find(string name) =>
        Settings.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? Settings.FirstOrDefault(s => s.Matches(name));
}

internal sealed class DocumentedSetting
{
    public const string Host = "host";
    public const string App = "app";
    public const string BicepValue = "value";
    public const string BicepKeyVault = "keyVault";
    public const string BicepNo = "no";

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>"host" (Functions host, platform) and/or "app" (the app's own code).</summary>
    [JsonPropertyName("readBy")]
    public required IReadOnlyList<string> ReadBy { get; init; }

    /// <summary>"value", "keyVault" or "no".</summary>
    [JsonPropertyName("bicep")]
    public required string Bicep { get; init; }

    /// <summary>What applies when the setting is missing; required when <see cref="Bicep"/> is "no".</summary>
    [JsonPropertyName("default")]
    public string? Default { get; init; }

    /// <summary>Name of the Key Vault secret, for "keyVault" settings.</summary>
    [JsonPropertyName("secretName")]
    public string? SecretName { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    public bool ReadByApp => ReadBy.Contains(App, StringComparer.Ordinal);

    public bool SetInBicep => Bicep is BicepValue or BicepKeyVault;

    /// <summary>
    /// True for the name itself and, when the name holds <c>&lt;n&gt;</c> (a list index), <c>&lt;key&gt;</c> (a
    /// dictionary key) or <c>&lt;name&gt;</c> (a subscriber's name, in secret names), for every concrete name it stands
    /// for: <c>Delivery__Subscribers__&lt;n&gt;__Email</c> matches <c>Delivery__Subscribers__0__Email</c>, and
    /// <c>webhook-&lt;name&gt;</c> matches <c>webhook-acme</c>.
    /// </summary>
    public bool Matches(string name) => Matches(Name, name);

    public static bool Matches(string pattern, string name)
    {
        if (string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var escaped = Regex.Escape(pattern);
        var regex = escaped
            .Replace("<n>", "[0-9]+", StringComparison.Ordinal)
            .Replace("<key>", "[A-Za-z0-9_-]+", StringComparison.Ordinal)
            .Replace("<name>", "[A-Za-z0-9-]+", StringComparison.Ordinal);
        return regex != escaped && Regex.IsMatch(name, $"^{regex}$", RegexOptions.IgnoreCase);
    }

    public override string ToString() => Name;
}
