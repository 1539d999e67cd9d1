namespace LlmPulse.Delivery;

/// <summary>Who receives briefings and how. Bound from the <c>Delivery</c> configuration section.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>Readers, each with a channel. In Azure their secrets come from Key Vault references.</summary>
    public List<SubscriberOptions> Subscribers { get; set; } = [];

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>A PDF larger than this goes by link instead of attachment.</summary>
    public long MaxAttachmentBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>How long a link to a briefing stays valid.</summary>
    public TimeSpan LinkExpiry { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// A failed delivery is tried again from the queue until it has been tried this often; then its message goes
    /// to the poison queue and the ledger says failed, with the last error.
    /// </summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The wait before the first retry of a failed delivery; it doubles with each attempt.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1 for the first): minutes to an hour, not months.</summary>
    public TimeSpan RetryDelayAfter(int attempt)
    {
        var doubled = RetryDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(attempt - 1, 0, 30));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, MaxRetryDelay.TotalMilliseconds));
    }
}

public sealed class SubscriberOptions
{
    /// <summary>A unique name, used in the delivery ledger and in <c>llmpulse send --to</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>email</c> or <c>webhook</c>.</summary>
    public string Channel { get; set; } = "";

    /// <summary>The edition the reader gets: a language code, <c>en</c> (default) or <c>ar</c>.</summary>
    public string Edition { get; set; } = "en";

    /// <summary>Whether the reader also gets later versions of a month it already had (revisions). Default on.</summary>
    public bool Revisions { get; set; } = true;

    /// <summary>Email: the recipient address.</summary>
    public string? Email { get; set; }

    /// <summary>Webhook: where to POST.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>Webhook: the shared secret requests are signed with (Standard Webhooks, HMAC-SHA256). Never logged.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>
    /// Webhook: during a secret rotation, the secret being retired. Requests are then signed with both, so the
    /// receiver keeps verifying while it switches to <see cref="WebhookSecret"/>; remove it once it has. Never logged.
    /// </summary>
    public string? WebhookPreviousSecret { get; set; }

    /// <summary>The secrets requests are signed with: the current one, then the one being retired if any.</summary>
    public IReadOnlyList<string> WebhookSecrets =>
        new[] { WebhookSecret, WebhookPreviousSecret }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray();
}

public sealed class SmtpOptions
{
    public const string DefaultTlsMode = "StartTls";

    public const string DefaultFrom = "LlmPulse <briefings@llmpulse.invalid>";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary><c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c> or <c>Auto</c>.</summary>
    public string TlsMode { get; set; } = DefaultTlsMode;

    public string? User { get; set; }

    /// <summary>From configuration only (a Key Vault reference in Azure); never logged.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = DefaultFrom;

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
