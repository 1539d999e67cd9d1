using System.Security.Cryptography;
using System.Text;

namespace LlmPulse.Delivery;

/// <summary>
/// The <c>X-LlmPulse-Signature</c> header of a webhook: <c>sha256=</c> and the lowercase hex HMAC-SHA256 of the
/// exact body bytes, keyed with the UTF-8 bytes of the subscriber's secret. Receivers check it with
/// <see cref="Verify"/> (or the same computation in any language) before trusting the body.
/// </summary>
public static class WebhookSignature
{
    public const string HeaderName = "X-LlmPulse-Signature";

    public const string Prefix = "sha256=";

    /// <summary>The header value for <paramref name="body"/>: <c>sha256=</c> and 64 lowercase hex digits.</summary>
    public static string Sign(byte[] body, string secret)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(Compute(body, secret));
    }

    /// <summary>
    /// Whether <paramref name="signatureHeader"/> is the signature of <paramref name="body"/> with
    /// <paramref name="secret"/>. The comparison takes the same time wherever the first difference is.
    /// </summary>
    public static bool Verify(byte[] body, string secret, string? signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (string.IsNullOrEmpty(secret) || signatureHeader is null)
        {
            return false;
        }

        var value = signatureHeader.Trim();
        if (!value.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var hex = value.AsSpan(Prefix.Length);
        if (hex.Length != HMACSHA256.HashSizeInBytes * 2)
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(hex, given, out _, out var written) != System.Buffers.OperationStatus.Done || written != given.Length)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, Compute(body, secret));
    }

    private static byte[] Compute(byte[] body, string secret) => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
}
