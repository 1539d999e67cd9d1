using System.Text.RegularExpressions;

namespace LlmPulse.Infra.Tests;

/// <summary>
/// The app settings of infra/app/api.bicep, read from its two object variables without a Bicep parser:
/// <c>var appSettings = {</c> and <c>var keyVaultSecretSettings = {</c>, each closed by a line holding only
/// <c>}</c> (or written <c>{}</c> when empty), with one <c>NAME: value</c> entry per line. A line inside that does
/// not have that shape is an error, so a nested object or a second entry on a line cannot hide a setting.
/// </summary>
internal sealed partial class BicepAppSettings
{
    public const string RelativePath = "infra/app/api.bicep";

    /// <summary>Plain settings: name to the Bicep expression of the value.</summary>
    public required IReadOnlyDictionary<string, string> Values { get; init; }

    /// <summary>Key Vault references: setting name to the secret name.</summary>
    public required IReadOnlyDictionary<string, string> KeyVaultSecrets { get; init; }

    public IEnumerable<string> AllNames => Values.Keys.Concat(KeyVaultSecrets.Keys);

    public static BicepAppSettings Load() => Parse(Repository.Read("infra", "app", "api.bicep"));

    public static BicepAppSettings Parse(string bicep)
    {
        var secrets = ReadObject(bicep, "keyVaultSecretSettings");
        return new BicepAppSettings
        {
            Values = ReadObject(bicep, "appSettings"),
            KeyVaultSecrets = secrets.ToDictionary(
                s => s.Key,
                s => StringLiteral().Match(s.Value) is { Success: true } m
                    ? m.Groups["value"].Value
                    : throw new FormatException($"{RelativePath}: keyVaultSecretSettings.{s.Key} must be a secret name in quotes, not {s.Value}."),
                StringComparer.OrdinalIgnoreCase),
        };
    }

    private static Dictionary<string, string> ReadObject(string bicep, string variable)
    {
        var lines = bicep.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => Regex.IsMatch(l, $@"^var\s+{variable}\s*=\s*\{{\s*(\}}\s*)?$"));
        if (start < 0)
        {
            throw new FormatException($"{RelativePath} has no line `var {variable} = {{`.");
        }

        var entries = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (lines[start].TrimEnd().EndsWith('}'))
        {
            return entries;
        }

        for (var i = start + 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line == "}")
            {
                return entries;
            }

            if (line.Length == 0 || line.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var entry = Entry().Match(line);
            if (!entry.Success)
            {
                throw new FormatException($"{RelativePath}:{i + 1}: `{line}` is not one `NAME: value` entry of {variable}.");
            }

            var name = entry.Groups["name"].Value;
            if (!entries.TryAdd(name, entry.Groups["value"].Value.Trim()))
            {
                throw new FormatException($"{RelativePath}:{i + 1}: {name} appears twice in {variable}.");
            }
        }

        throw new FormatException($"{RelativePath}: `var {variable}` is not closed by a line holding only `}}`.");
    }

    // NAME or 'NAME', a colon, then a one-line value that opens no object or array left unclosed on the line.
    [GeneratedRegex(@"^'?(?<name>[A-Za-z_][A-Za-z0-9_.:\-]*)'?\s*:\s*(?<value>[^{\[]*|.*\}.*|.*\].*)$")]
    private static partial Regex Entry();

    [GeneratedRegex(@"^'(?<value>[^']+)'$")]
    private static partial Regex StringLiteral();
}
