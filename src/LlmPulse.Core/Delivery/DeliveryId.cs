using System.Globalization;

namespace LlmPulse.Delivery;

/// <summary>
/// A stable id of one briefing version for one reader, <c>month/edition/vN/subscriber</c> with each part
/// percent-encoded (so it is plain ASCII), for example <c>2023-07/en/v1/team-chat</c>. The same on every retry and
/// resend, so a receiver can drop a duplicate: the webhook's <c>X-LlmPulse-Delivery</c> header, and the email's.
/// </summary>
public static class DeliveryId
{
    public const string HeaderName = "X-LlmPulse-Delivery";

    public static string For(BriefingDelivery delivery, SubscriberOptions subscriber)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(subscriber);
        return string.Join(
            '/',
            Uri.EscapeDataString(delivery.Month),
            Uri.EscapeDataString(delivery.Edition),
            "v" + delivery.Version.ToString(CultureInfo.InvariantCulture),
            Uri.EscapeDataString(subscriber.Name));
    }
}
