using System.Text.RegularExpressions;

namespace LlmPulse.Collectors;

/// <summary>
/// Cleans text before it reaches a log, a run record or an answer: the configured keys become "***", and a query
/// string in a URL is cut, since that is where keys travel (SimilarWeb's <c>api_key</c>).
/// </summary>
public sealed partial class SecretMasker
{
    public const string Mask = "***";

    private readonly string[] _secrets;

    public SecretMasker(IEnumerable<string> secrets)
    {
        // Longest first, so a key that contains another is masked whole.
        _secrets = secrets.Where(s => s.Length >= 4).Distinct(StringComparer.Ordinal).OrderByDescending(s => s.Length).ToArray();
    }

    public SecretMasker(SourceCatalog catalog)
        : this(catalog.Secrets)
    {
    }

    public string Clean(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
            var escaped = Uri.EscapeDataString(secret);
            if (escaped != secret)
            {
                text = text.Replace(escaped, Mask, StringComparison.OrdinalIgnoreCase);
            }
        }

        text = UrlQuery().Replace(text, "$1?…");
        return KeyValue().Replace(text, "$1=" + Mask);
    }

    [GeneratedRegex(@"(\bhttps?://[^\s?#""'<>]+)\?[^\s""'<>]*", RegexOptions.IgnoreCase)]
    private static partial Regex UrlQuery();

    [GeneratedRegex(@"\b(api[_-]?key|apikey|key|token|access_token|code|sig|signature|password)=[^&\s""'<>]+", RegexOptions.IgnoreCase)]
    private static partial Regex KeyValue();
}
