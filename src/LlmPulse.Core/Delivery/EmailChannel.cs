using System.Globalization;
using System.Net.Sockets;
using System.Text;
using LlmPulse.Briefings;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LlmPulse.Delivery;

/// <summary>
/// Sends a briefing by email over SMTP (MailKit), one connection per message: the PDF attached when it is at most
/// <see cref="DeliveryOptions.MaxAttachmentBytes"/>, otherwise the time-limited link. The subject and the plain-text
/// body carry the month, the title and the key findings; <see cref="BriefingEmail"/> adds the HTML alternative with
/// the cover's tiles and the cover picture.
/// </summary>
public sealed class EmailChannel(IOptionsMonitor<DeliveryOptions> options, ILogger<EmailChannel> logger) : IDeliveryChannel
{
    public const string ChannelName = "email";

    private static readonly string[] TlsModeNames = Enum.GetNames<SecureSocketOptions>();

    private static readonly string[] ArabicMonths =
        ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];

    public string Name => ChannelName;

    /// <summary>
    /// Reads <see cref="SmtpOptions.TlsMode"/>: one of the <see cref="SecureSocketOptions"/> names, in any case
    /// (<c>None</c>, <c>Auto</c>, <c>SslOnConnect</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c>); numbers are refused.
    /// </summary>
    public static bool TryParseTlsMode(string? text, out SecureSocketOptions mode)
    {
        mode = default;
        var name = TlsModeNames.FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        return name is not null && Enum.TryParse(name, out mode);
    }

    public async Task SendAsync(SubscriberOptions subscriber, BriefingDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(delivery);

        DeliveryOptions settings;
        try
        {
            settings = options.CurrentValue;
        }
        catch (OptionsValidationException e)
        {
            throw new DeliveryException($"The {DeliveryOptions.SectionName} settings are not valid: {string.Join(" ", e.Failures)}", e);
        }

        var smtp = settings.Smtp;
        var message = BuildMessage(subscriber, delivery, settings, out var attached);
        var (host, port, mode) = Endpoint(smtp);
        var where = $"{host}:{port.ToString(CultureInfo.InvariantCulture)}";

        try
        {
            using var client = new SmtpClient();
            client.Timeout = TimeoutMilliseconds(smtp.Timeout);
            await client.ConnectAsync(host, port, mode, cancellationToken).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken).ConfigureAwait(false);
            }

            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await QuitAsync(client, where, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var why = Redact(Describe(e, smtp), smtp.Password);
            throw new DeliveryException($"Email to subscriber '{subscriber.Name}' through SMTP {where} failed: {why}");
        }

        logger.LogInformation(
            "Emailed {Month} ({Edition}) version {Version} to subscriber {Subscriber} through {SmtpServer} with the PDF {How}",
            delivery.Month,
            delivery.Edition,
            delivery.Version,
            subscriber.Name,
            where,
            attached ? "attached" : "linked");
    }

    /// <summary>
    /// Says goodbye after the server accepted the message. The message is delivered at that point: a failed QUIT
    /// is logged, never reported as a failed delivery (which would send it again).
    /// </summary>
    private async Task QuitAsync(SmtpClient client, string where, CancellationToken cancellationToken)
    {
        try
        {
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("SMTP {SmtpServer} accepted the message but the disconnect failed ({Error}); the message counts as sent", where, e.GetType().Name);
        }
    }

    private static MimeMessage BuildMessage(SubscriberOptions subscriber, BriefingDelivery delivery, DeliveryOptions settings, out bool attached)
    {
        if (string.IsNullOrWhiteSpace(subscriber.Email))
        {
            throw new DeliveryException($"Subscriber '{subscriber.Name}' uses the email channel but has no Email setting.");
        }

        if (!MailboxAddress.TryParse(subscriber.Email.Trim(), out var to))
        {
            throw new DeliveryException($"Subscriber '{subscriber.Name}' has an Email setting that is not an email address.");
        }

        if (!MailboxAddress.TryParse(settings.Smtp.From, out var from))
        {
            throw new DeliveryException($"The {DeliveryOptions.SectionName}:Smtp:From setting '{settings.Smtp.From}' is not an email address.");
        }

        attached = delivery.Pdf.LongLength <= settings.MaxAttachmentBytes;
        var arabic = IsArabic(delivery.Edition);
        var month = MonthName(delivery.Month, arabic);

        var message = new MimeMessage();
        message.From.Add(from);
        message.To.Add(to);
        message.Subject = (arabic ? $"موجز LlmPulse: {month}" : $"LlmPulse briefing: {month}") + RevisionSubject(delivery, arabic);
        // The delivery id, as the webhook sends it, so a mailbox rule can spot a resend; the Message-Id carries it
        // too, so a re-send after a crash is the same message to the mailbox.
        var deliveryId = DeliveryId.For(delivery, subscriber);
        message.Headers.Add(DeliveryId.HeaderName, deliveryId);
        message.MessageId = DeliveryId.MessageId(deliveryId, from.Domain);

        message.Body = BriefingEmail.Compose(delivery, RevisionNote(delivery, arabic) + TextBody(delivery, month, arabic, attached), arabic, attached, month);
        return message;
    }

    /// <summary>" (revised, version 2)" for a revision; nothing for a first version.</summary>
    private static string RevisionSubject(BriefingDelivery delivery, bool arabic) =>
        delivery.RevisionOf is null
            ? ""
            : arabic
                ? $" (نسخة منقحة، الإصدار {delivery.Version.ToString(CultureInfo.InvariantCulture)})"
                : $" (revised, version {delivery.Version.ToString(CultureInfo.InvariantCulture)})";

    /// <summary>For a revision, a first paragraph saying which version it replaces and what changed.</summary>
    private static string RevisionNote(BriefingDelivery delivery, bool arabic)
    {
        if (delivery.RevisionOf is not { } of)
        {
            return "";
        }

        var text = new StringBuilder();
        text.Append(arabic
                ? $"هذه نسخة منقحة (الإصدار {delivery.Version.ToString(CultureInfo.InvariantCulture)}) تحل محل الإصدار {of.ToString(CultureInfo.InvariantCulture)}. ما تغير:"
                : $"This is a revision (version {delivery.Version.ToString(CultureInfo.InvariantCulture)}) of version {of.ToString(CultureInfo.InvariantCulture)}. What changed:")
            .Append('\n');
        foreach (var change in delivery.Changes)
        {
            text.Append("- ").Append(change).Append('\n');
        }

        return text.Append('\n').ToString();
    }

    private static string TextBody(BriefingDelivery delivery, string month, bool arabic, bool attached)
    {
        var text = new StringBuilder();
        text.Append(delivery.Title).Append('\n');
        text.Append(arabic ? $"موجز شهر {month} من LlmPulse." : $"The LlmPulse briefing for {month}.").Append("\n\n");

        if (delivery.KeyFindings.Count > 0)
        {
            text.Append(arabic ? "أبرز النتائج:" : "Key findings:").Append('\n');
            foreach (var finding in delivery.KeyFindings)
            {
                text.Append("- ").Append(finding).Append('\n');
            }

            text.Append('\n');
        }

        var size = delivery.Pdf.LongLength.ToString("N0", CultureInfo.InvariantCulture);
        var expires = delivery.LinkExpiresAt.ToUniversalTime();
        if (attached)
        {
            text.Append(arabic
                    ? $"الموجز مرفق بهذه الرسالة: {delivery.FileName} ({size} بايت)."
                    : $"The briefing is attached: {delivery.FileName} ({size} bytes).")
                .Append('\n');
        }
        else
        {
            text.Append(arabic
                    ? $"الموجز أكبر من أن يُرفق ({size} بايت). نزّله من هذا الرابط قبل {expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC:"
                    : $"The briefing is too large to attach ({size} bytes). Download it from this link, valid until {expires.ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC:")
                .Append('\n')
                .Append(delivery.Link.AbsoluteUri)
                .Append('\n');
        }

        text.Append('\n').Append("SHA-256: ").Append(delivery.Sha256).Append('\n');
        return text.ToString();
    }

    private static bool IsArabic(string? edition) => string.Equals(edition?.Trim(), "ar", StringComparison.OrdinalIgnoreCase);

    /// <summary>"July 2023" (or "يوليو 2023"); the text as given when it is not YYYY-MM.</summary>
    private static string MonthName(string month, bool arabic)
    {
        if (!BriefingMonth.TryParse(month, out var parsed))
        {
            return month;
        }

        return arabic
            ? $"{ArabicMonths[parsed.Month - 1]} {parsed.Year.ToString(CultureInfo.InvariantCulture)}"
            : parsed.DisplayName;
    }

    private static (string Host, int Port, SecureSocketOptions Mode) Endpoint(SmtpOptions smtp)
    {
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new DeliveryException($"No SMTP server is configured: set {DeliveryOptions.SectionName}:Smtp:Host.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            throw new DeliveryException($"The {DeliveryOptions.SectionName}:Smtp:Port setting {smtp.Port} is not a port (1-65535).");
        }

        if (!TryParseTlsMode(smtp.TlsMode, out var mode))
        {
            throw new DeliveryException(
                $"The {DeliveryOptions.SectionName}:Smtp:TlsMode setting '{smtp.TlsMode}' is not one of {string.Join(", ", TlsModeNames)}.");
        }

        return (smtp.Host.Trim(), smtp.Port, mode);
    }

    private static int TimeoutMilliseconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout.TotalMilliseconds >= int.MaxValue
            ? Timeout.Infinite
            : (int)Math.Ceiling(timeout.TotalMilliseconds);

    /// <summary>What went wrong, in words that name no secret: never the inner exception's text alone.</summary>
    private static string Describe(Exception e, SmtpOptions smtp) => e switch
    {
        SocketException s => $"could not connect ({s.SocketErrorCode}).",
        SslHandshakeException => $"the TLS handshake failed (TlsMode {smtp.TlsMode}); check the mode and the server's certificate.",
        AuthenticationException a => $"the server refused the login of user '{smtp.User}': {a.Message}",
        SmtpCommandException c => $"the server rejected the {Rejected(c.ErrorCode)} with {(int)c.StatusCode} ({c.StatusCode}): {c.Message}",
        SmtpProtocolException p => $"the SMTP conversation broke off: {p.Message}",
        NotSupportedException n => $"{n.Message} (TlsMode {smtp.TlsMode})",
        ServiceNotConnectedException => "the connection was lost.",
        OperationCanceledException or TimeoutException => $"no answer within {smtp.Timeout}.",
        IOException io when io.InnerException is SocketException s => $"the connection failed ({s.SocketErrorCode}).",
        IOException io => $"the connection failed: {io.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static string Rejected(SmtpErrorCode code) => code switch
    {
        SmtpErrorCode.RecipientNotAccepted => "recipient",
        SmtpErrorCode.SenderNotAccepted => "sender",
        SmtpErrorCode.MessageNotAccepted => "message",
        _ => "command",
    };

    private static string Redact(string text, string? secret) =>
        string.IsNullOrEmpty(secret) ? text : text.Replace(secret, "***", StringComparison.Ordinal);
}
