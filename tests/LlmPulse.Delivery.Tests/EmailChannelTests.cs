using System.Diagnostics;
using LlmPulse.Delivery.Tests.Support;
using MailKit.Security;
using MimeKit;

namespace LlmPulse.Delivery.Tests;

/// <summary>The email channel against a real SMTP server on the loopback interface.</summary>
public sealed class EmailChannelTests
{
    private static readonly TimeSpan Quick = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_small_pdf_arrives_attached_byte_for_byte_with_the_month_and_findings()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);
        var pdf = Samples.FakePdf();
        var delivery = Samples.Delivery(pdf);

        await host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("LlmPulse briefing: July 2023", message.Subject);
        Assert.Equal("briefings@llmpulse.test", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal("reader@example.test", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal("2023-07/en/v2/reader", message.Headers[DeliveryId.HeaderName]);

        var attachment = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("application/pdf", attachment.ContentType.MimeType);
        Assert.Equal("llmpulse-2023-07.pdf", attachment.FileName);
        using var received = new MemoryStream();
        await attachment.Content!.DecodeToAsync(received);
        Assert.Equal(pdf, received.ToArray());

        var text = message.TextBody;
        Assert.Contains("LlmPulse briefing — July 2023", text);
        foreach (var finding in Samples.Findings)
        {
            Assert.Contains("- " + finding, text);
        }

        Assert.Contains("attached", text);
        Assert.Contains(delivery.Sha256, text);
        Assert.DoesNotContain(delivery.Link.AbsoluteUri, text);
    }

    [Fact]
    public async Task A_pdf_over_the_size_limit_goes_as_a_link_with_its_expiry_and_no_attachment()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var pdf = Samples.FakePdf(filler: 4096);
        await using var host = ChannelHost.ForSmtp(smtp.Port, s => s["Delivery:MaxAttachmentBytes"] = (pdf.Length - 1).ToString());
        var delivery = Samples.Delivery(pdf);

        await host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.Empty(message.Attachments);
        Assert.Equal("LlmPulse briefing: July 2023", message.Subject);
        var text = message.TextBody;
        Assert.Contains(delivery.Link.AbsoluteUri, text);
        Assert.Contains("8 August 2023, 07:00 UTC", text);
        Assert.Contains("too large to attach", text);
        Assert.All(Samples.Findings, finding => Assert.Contains(finding, text));
    }

    [Fact]
    public async Task A_pdf_exactly_at_the_limit_is_still_attached()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var pdf = Samples.FakePdf();
        await using var host = ChannelHost.ForSmtp(smtp.Port, s => s["Delivery:MaxAttachmentBytes"] = pdf.Length.ToString());

        await host.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(pdf), CancellationToken.None);

        Assert.Single(Assert.Single(smtp.Messages).Attachments);
    }

    [Fact]
    public async Task The_arabic_edition_gets_an_arabic_subject()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);

        await host.Email.SendAsync(Samples.EmailReader(edition: "ar"), Samples.Delivery(edition: "ar", title: "موجز LlmPulse — يوليو 2023"), CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.Equal("موجز LlmPulse: يوليو 2023", message.Subject);
        Assert.Contains("موجز LlmPulse — يوليو 2023", message.TextBody);
        Assert.Equal("llmpulse-2023-07.ar.pdf", Assert.IsType<MimePart>(Assert.Single(message.Attachments)).FileName);
    }

    [Fact]
    public async Task A_rejected_recipient_is_a_delivery_failure_and_a_retry_after_the_server_accepts_delivers_once()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        smtp.Accepting = false;
        await using var host = ChannelHost.ForSmtp(smtp.Port);
        var delivery = Samples.Delivery();

        var failure = await Assert.ThrowsAsync<DeliveryException>(() => host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None));

        Assert.Contains($"127.0.0.1:{smtp.Port}", failure.Message);
        Assert.Contains("'reader'", failure.Message);
        Assert.Contains("rejected the recipient with 5", failure.Message);
        Assert.Equal(1, smtp.RejectedRecipients);
        Assert.Empty(smtp.Messages);

        smtp.Accepting = true;
        await host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.Single(message.Attachments);
    }

    [Fact]
    public async Task An_unreachable_server_fails_quickly_naming_host_and_port_but_never_the_password()
    {
        const string password = "Pa55-never-show-me";
        var port = Samples.FreePort();
        await using var host = ChannelHost.ForSmtp(port, s =>
        {
            s["Delivery:Smtp:User"] = "briefings";
            s["Delivery:Smtp:Password"] = password;
        });
        var clock = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<DeliveryException>(() => host.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(), CancellationToken.None));

        Assert.True(clock.Elapsed < Quick, $"took {clock.Elapsed}");
        Assert.Contains($"127.0.0.1:{port}", failure.Message);
        Assert.Contains("ConnectionRefused", failure.Message);
        Assert.DoesNotContain(password, failure.ToString());
        Assert.DoesNotContain(password, host.Logs.AllText);
    }

    [Fact]
    public async Task A_refused_login_fails_without_the_password_and_the_right_one_delivers()
    {
        const string password = "S3cret-smtp-password";
        const string wrong = "Wr0ng-smtp-password";
        await using var smtp = await SmtpTestServer.StartAsync("briefings", password);
        await using (var bad = ChannelHost.ForSmtp(smtp.Port, s =>
        {
            s["Delivery:Smtp:User"] = "briefings";
            s["Delivery:Smtp:Password"] = wrong;
        }))
        {
            var failure = await Assert.ThrowsAsync<DeliveryException>(() => bad.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(), CancellationToken.None));

            Assert.Contains($"127.0.0.1:{smtp.Port}", failure.Message);
            Assert.Contains("refused the login of user 'briefings'", failure.Message);
            Assert.DoesNotContain(wrong, failure.ToString());
            Assert.DoesNotContain(wrong, bad.Logs.AllText);
            Assert.True(smtp.FailedLogins >= 1);
            Assert.Empty(smtp.Messages);
        }

        await using var good = ChannelHost.ForSmtp(smtp.Port, s =>
        {
            s["Delivery:Smtp:User"] = "briefings";
            s["Delivery:Smtp:Password"] = password;
        });
        await good.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(), CancellationToken.None);

        Assert.Single(smtp.Messages);
        Assert.DoesNotContain(password, good.Logs.AllText);
    }

    [Fact]
    public async Task A_bad_tls_mode_is_a_clear_failure_before_any_connection()
    {
        await using var host = ChannelHost.ForSmtp(Samples.FreePort(), s => s["Delivery:Smtp:TlsMode"] = "Starttls-please");

        var failure = await Assert.ThrowsAsync<DeliveryException>(() => host.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(), CancellationToken.None));

        Assert.Contains("Delivery:Smtp:TlsMode", failure.Message);
        Assert.Contains("'Starttls-please'", failure.Message);
        Assert.Contains("StartTlsWhenAvailable", failure.Message);
    }

    [Theory]
    [InlineData("None", SecureSocketOptions.None)]
    [InlineData("starttls", SecureSocketOptions.StartTls)]
    [InlineData(" StartTlsWhenAvailable ", SecureSocketOptions.StartTlsWhenAvailable)]
    [InlineData("SSLONCONNECT", SecureSocketOptions.SslOnConnect)]
    [InlineData("Auto", SecureSocketOptions.Auto)]
    public void Tls_modes_are_read_by_name_in_any_case(string text, SecureSocketOptions expected)
    {
        Assert.True(EmailChannel.TryParseTlsMode(text, out var mode));
        Assert.Equal(expected, mode);
    }

    [Theory]
    [InlineData("2")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Tls")]
    public void Tls_modes_that_are_not_names_are_refused(string? text)
    {
        Assert.False(EmailChannel.TryParseTlsMode(text, out _));
    }

    [Fact]
    public async Task A_subscriber_without_an_email_address_is_named_in_the_failure()
    {
        await using var host = ChannelHost.ForSmtp(Samples.FreePort());
        var subscriber = new SubscriberOptions { Name = "no-address", Channel = EmailChannel.ChannelName };

        var failure = await Assert.ThrowsAsync<DeliveryException>(() => host.Email.SendAsync(subscriber, Samples.Delivery(), CancellationToken.None));

        Assert.Contains("'no-address'", failure.Message);
        Assert.Contains("Email", failure.Message);
    }

    [Fact]
    public async Task Without_an_smtp_host_the_failure_names_the_setting()
    {
        await using var host = new ChannelHost(new Dictionary<string, string?>());

        var failure = await Assert.ThrowsAsync<DeliveryException>(() => host.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(), CancellationToken.None));

        Assert.Contains("Delivery:Smtp:Host", failure.Message);
    }
}
