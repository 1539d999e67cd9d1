using System.Globalization;

namespace LlmPulse.Delivery;

/// <summary>
/// A stable id of one briefing version for one reader, <c>month/edition/vN/subscriber</c> with each part
/// percent-encoded (so it is plain ASCII), for example <c>2023-07/en/v1/team-chat</c>. The same on every retry and
/// resend, so a receiver can drop a duplicate: the webhook's <c>X-LlmPulse-Delivery</c> header, and the email's
/// header and <c>Message-Id</c>.
/// </summary>
public static class DeliveryId
{
    public const string HeaderName = "X-LlmPulse-Delivery";

    public static string For(BriefingDelivery delivery, SubscriberOptions subscriber)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(subscriber);
        return For(delivery.Month, delivery.Edition, delivery.Version, subscriber.Name);
    }

    public static string For(string month, string edition, int version, string subscriber) =>
        string.Join(
            '/',
            Uri.EscapeDataString(month),
            Uri.EscapeDataString(edition),
            "v" + version.ToString(CultureInfo.InvariantCulture),
            Uri.EscapeDataString(subscriber));

    /// <summary>
    /// The id as an email <c>Message-Id</c> (without angle brackets): the same id, so a mailbox sees a re-send after
    /// a crash as the same message. The slashes and percent signs of the id are allowed in a Message-Id's left part.
    /// </summary>
    public static string MessageId(string deliveryId, string domain) => $"{deliveryId}@{domain}";
}
