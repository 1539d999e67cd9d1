using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LlmPulse.Delivery;

/// <summary>
/// Webhook signatures as the Standard Webhooks convention (standardwebhooks.com) defines them, so any of its
/// receiver libraries verifies them: three headers, <c>webhook-id</c> (the stable delivery id),
/// <c>webhook-timestamp</c> (Unix seconds) and <c>webhook-signature</c>, which is <c>v1,</c> and the base64
/// HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>. Signing the id and the time lets a receiver refuse a replayed
/// request (an old timestamp, or an id it has seen). During a secret rotation the header carries one signature per
/// secret, separated by spaces, and a receiver accepts the request when any of them verifies.
/// <para>
/// A secret written as <c>whsec_</c> and base64 (the convention's form) is keyed with the decoded bytes; any other
/// secret with its UTF-8 bytes.
/// </para>
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";

    public const string TimestampHeader = "webhook-timestamp";

    public const string SignatureHeader = "webhook-signature";

    public const string Version = "v1";

    public const string SecretPrefix = "whsec_";

    /// <summary>How far a request's timestamp may be from the receiver's clock: the convention's five minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The <c>webhook-timestamp</c> value: whole seconds since 1970-01-01 UTC.</summary>
    public static string Timestamp(DateTimeOffset time) => time.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>webhook-signature</c> value: <c>v1,&lt;base64&gt;</c> per secret, space-separated, in the given order.</summary>
    public static string Sign(string id, string timestamp, byte[] body, IEnumerable<string> secrets)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        var signatures = secrets.Select(secret =>
        {
            ArgumentException.ThrowIfNullOrEmpty(secret);
            return Version + "," + Convert.ToBase64String(Compute(id, timestamp, body, secret));
        }).ToArray();
        if (signatures.Length == 0)
        {
            throw new ArgumentException("At least one secret is needed to sign.", nameof(secrets));
        }

        return string.Join(' ', signatures);
    }

    /// <summary>
    /// Whether the request is signed by one of <paramref name="secrets"/> and its timestamp is within
    /// <paramref name="tolerance"/> of <paramref name="now"/>. Comparisons take the same time wherever the first
    /// difference is.
    /// </summary>
    public static bool Verify(
        string? id,
        string? timestamp,
        byte[] body,
        string? signatureHeader,
        IEnumerable<string> secrets,
        DateTimeOffset now,
        TimeSpan? tolerance = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(secrets);
        if (string.IsNullOrEmpty(id) || signatureHeader is null
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }

        var age = now - DateTimeOffset.FromUnixTimeSeconds(seconds);
        var allowed = tolerance ?? DefaultTolerance;
        if (age > allowed || age < -allowed)
        {
            return false;
        }

        var expected = secrets.Where(s => !string.IsNullOrEmpty(s)).Select(s => Compute(id, timestamp!, body, s)).ToArray();
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var part in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = part.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0 || !part.AsSpan(0, comma).SequenceEqual(Version)
                || !Convert.TryFromBase64String(part[(comma + 1)..], given, out var written) || written != given.Length)
            {
                continue;
            }

            foreach (var mac in expected)
            {
                if (CryptographicOperations.FixedTimeEquals(given, mac))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Whether a configured secret can key a signature: not empty, and a <c>whsec_</c> secret is valid base64.</summary>
    public static bool IsUsableSecret(string? secret) => secret is { Length: > 0 } && TryKey(secret, out _);

    private static byte[] Compute(string id, string timestamp, byte[] body, string secret)
    {
        if (!TryKey(secret, out var key))
        {
            throw new ArgumentException($"A secret that starts with {SecretPrefix} must continue in base64.", nameof(secret));
        }

        var prefix = Encoding.UTF8.GetBytes(id + "." + timestamp + ".");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content, prefix.Length);
        return HMACSHA256.HashData(key, content);
    }

    private static bool TryKey(string secret, out byte[] key)
    {
        if (secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            var encoded = secret[SecretPrefix.Length..];
            var buffer = new byte[encoded.Length];
            if (encoded.Length > 0 && Convert.TryFromBase64String(encoded, buffer, out var written))
            {
                key = buffer[..written];
                return true;
            }

            key = [];
            return false;
        }

        key = Encoding.UTF8.GetBytes(secret);
        return true;
    }
}
