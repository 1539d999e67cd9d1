using LlmPulse.Briefings;

namespace LlmPulse.Delivery;

/// <summary>
/// Everything a channel needs to deliver one stored briefing to one reader. <see cref="Cover"/> and
/// <see cref="CoverImage"/> are null for a briefing stored without its cover.
/// </summary>
public sealed record BriefingDelivery(
    string Month,
    string Edition,
    int Version,
    string Title,
    IReadOnlyList<string> KeyFindings,
    string FileName,
    byte[] Pdf,
    string Sha256,
    Uri Link,
    DateTimeOffset LinkExpiresAt,
    BriefingCover? Cover = null,
    byte[]? CoverImage = null)
{
    /// <summary>For a revision: the version it revises. Null for a first version.</summary>
    public int? RevisionOf { get; init; }

    /// <summary>For a revision: what changed in the month's figures since the version it revises.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
}

/// <summary>A way to reach a reader (email, webhook). Thread-safe; throws <see cref="DeliveryException"/> on failure.</summary>
public interface IDeliveryChannel
{
    /// <summary>The <see cref="SubscriberOptions.Channel"/> value this channel serves.</summary>
    string Name { get; }

    /// <summary>Whether the channel sends the PDF's bytes; when false it gets an empty <see cref="BriefingDelivery.Pdf"/> and sends the link.</summary>
    bool SendsContent => true;

    Task SendAsync(SubscriberOptions subscriber, BriefingDelivery delivery, CancellationToken cancellationToken);
}

/// <summary>A delivery that did not reach the reader. The message is safe to store and show: no secrets.</summary>
public sealed class DeliveryException(string message, Exception? inner = null) : Exception(message, inner);
