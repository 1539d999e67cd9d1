using System.Text.RegularExpressions;

namespace LlmPulse.Infra.Tests;

/// <summary>
/// The app settings of infra/app/api.bicep, read without a Bicep parser from three places:
/// <list type="bullet">
/// <item><c>var appSettings = {</c> and <c>var keyVaultSecretSettings = {</c>, each closed by a line holding only
/// <c>}</c> (or written <c>{}</c> when empty), with one <c>NAME: value</c> entry per line. A line inside that does
/// not have that shape is an error, so a nested object or a second entry on a line cannot hide a setting.</item>
/// <item><c>func subscriberSettings(index int, reader subscriber, …)</c>, the settings of one subscriber, one
/// <c>'NAME': value</c> entry per line, where <c>${index}</c> in a name stands for the subscriber's index; they are
/// returned with <c>&lt;n&gt;</c> in its place, as infra/app-settings.json writes them. An entry whose value is
/// <c>keyVaultReference(vaultName, 'secret')</c> is a Key Vault reference, and <c>${reader.name}</c> in its secret
/// name is returned as <c>&lt;name&gt;</c>. The function ends at the first empty line.</item>
/// </list>
/// </summary>
internal sealed partial class BicepAppSettings
{
    public const string RelativePath = "infra/app/api.bicep";

    /// <summary>The placeholders of the subscriber function and what they become in setting and secret names.</summary>
    private static readonly (string Bicep, string Placeholder)[] SubscriberPlaceholders = [("${index}", "<n>"), ("${reader.name}", "<name>")];

    /// <summary>Plain settings: name to the Bicep expression of the value.</summary>
    public required IReadOnlyDictionary<string, string> Values { get; init; }

    /// <summary>Key Vault references: setting name to the secret name.</summary>
    public required IReadOnlyDictionary<string, string> KeyVaultSecrets { get; init; }

    public IEnumerable<string> AllNames => Values.Keys.Concat(KeyVaultSecrets.Keys);

    public static BicepAppSettings Load() => Parse(Repository.Read("infra", "app", "api.bicep"));

    public static BicepAppSettings Parse(string bicep)
    {
        var lines = bicep.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var values = ReadObject(lines, "appSettings");
        var secrets = ReadObject(lines, "keyVaultSecretSettings").ToDictionary(
            s => s.Key,
            s => StringLiteral().Match(s.Value) is { Success: true } m
                ? m.Groups["value"].Value
                : throw new FormatException($"{RelativePath}: keyVaultSecretSettings.{s.Key} must be a secret name in quotes, not {s.Value}."),
            StringComparer.OrdinalIgnoreCase);

        foreach (var (name, value) in ReadSubscriberFunction(lines))
        {
            var reference = KeyVaultReferenceCall().Match(value);
            var (target, stored) = reference.Success ? (secrets, Placeholders(reference.Groups["secret"].Value)) : (values, value);
            if (!target.TryAdd(name, stored) && target[name] != stored)
            {
                throw new FormatException($"{RelativePath}: subscriberSettings sets {name} to {target[name]} in one branch and to {stored} in another.");
            }
        }

        return new BicepAppSettings { Values = values, KeyVaultSecrets = secrets };
    }

    private static Dictionary<string, string> ReadObject(string[] lines, string variable)
    {
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

    /// <summary>The <c>'NAME': value</c> entries of <c>func subscriberSettings</c>, placeholders replaced, in both branches.</summary>
    private static IEnumerable<(string Name, string Value)> ReadSubscriberFunction(string[] lines)
    {
        var start = Array.FindIndex(lines, l => l.StartsWith("func subscriberSettings(", StringComparison.Ordinal));
        if (start < 0)
        {
            throw new FormatException($"{RelativePath} has no `func subscriberSettings(`: the subscribers' settings are read from it.");
        }

        for (var i = start + 1; i < lines.Length && lines[i].Trim().Length > 0; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('\''))
            {
                // The branches' structure: `reader.channel == 'email'`, `? {`, `}`, `: {`.
                if (line.Contains("__", StringComparison.Ordinal))
                {
                    throw new FormatException($"{RelativePath}:{i + 1}: `{line}` looks like a setting but is not one `'NAME': value` entry of subscriberSettings.");
                }

                continue;
            }

            var entry = QuotedEntry().Match(line);
            if (!entry.Success)
            {
                throw new FormatException($"{RelativePath}:{i + 1}: `{line}` is not one `'NAME': value` entry of subscriberSettings.");
            }

            var name = Placeholders(entry.Groups["name"].Value);
            if (!name.Contains("<n>", StringComparison.Ordinal) || name.Contains("${", StringComparison.Ordinal))
            {
                throw new FormatException($"{RelativePath}:{i + 1}: a subscriber setting's name must hold ${{index}} and no other interpolation: {entry.Groups["name"].Value}.");
            }

            yield return (name, entry.Groups["value"].Value.Trim());
        }
    }

    private static string Placeholders(string text) =>
        SubscriberPlaceholders.Aggregate(text, (current, p) => current.Replace(p.Bicep, p.Placeholder, StringComparison.Ordinal));

    // NAME or 'NAME', a colon, then a one-line value that opens no object or array left unclosed on the line.
    [GeneratedRegex(@"^'?(?<name>[A-Za-z_][A-Za-z0-9_.:\-]*)'?\s*:\s*(?<value>[^{\[]*|.*\}.*|.*\].*)$")]
    private static partial Regex Entry();

    // 'NAME with ${index}': a one-line value that does not open an object or an array.
    [GeneratedRegex(@"^'(?<name>[A-Za-z_][A-Za-z0-9_${}.]*)'\s*:\s*(?<value>.*[^{\[\s])\s*$")]
    private static partial Regex QuotedEntry();

    [GeneratedRegex(@"^keyVaultReference\(\s*vaultName\s*,\s*'(?<secret>[^']+)'\s*\)$")]
    private static partial Regex KeyVaultReferenceCall();

    [GeneratedRegex(@"^'(?<value>[^']+)'$")]
    private static partial Regex StringLiteral();
}
