using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Delivery.Tests.Support;
using LlmPulse.Rendering;
using MimeKit;
using SkiaSharp;

namespace LlmPulse.Delivery.Tests;

/// <summary>
/// The email as a mail client receives it, parsed with MimeKit from what a real SMTP server got: the text and HTML
/// alternatives, the cover picture the HTML shows, the attachment or the link, and the Arabic edition's direction.
/// </summary>
public sealed partial class BriefingEmailTests
{
    private static readonly Lazy<(Briefing Model, byte[] Png)> EnglishCover = new(() => Cover(BriefingLanguage.English));
    private static readonly Lazy<(Briefing Model, byte[] Png)> ArabicCover = new(() => Cover(BriefingLanguage.Arabic));

    /// <summary>A real cover: the seed article's September built by the builder and drawn by the PDF renderer.</summary>
    private static (Briefing Model, byte[] Png) Cover(BriefingLanguage language)
    {
        var seeds = Path.Combine(Testing.AzuriteServer.RepositoryRoot, "seeds");
        var data = Import.SeedFiles.Parse(
            File.ReadAllText(Path.Combine(seeds, Import.SeedFiles.SeriesFile)),
            File.ReadAllText(Path.Combine(seeds, Import.SeedFiles.ObservationsFile)),
            [],
            new DateTimeOffset(2023, 10, 1, 7, 0, 0, TimeSpan.Zero));
        var month = BriefingMonth.Parse("2023-09");
        var model = new BriefingBuilder().Build(
            new BriefingData(month, data.Series, [.. data.Observations.Where(o => o.Period.End <= month.LastDay)]),
            new DateTimeOffset(2023, 10, 1, 7, 0, 0, TimeSpan.Zero),
            language);
        return (model, new BriefingRenderer().RenderCoverImage(model));
    }

    private static BriefingDelivery WithCover(BriefingDelivery delivery, (Briefing Model, byte[] Png) cover) =>
        delivery with { Cover = cover.Model.Cover, CoverImage = cover.Png, KeyFindings = [.. cover.Model.KeyFindings.Select(f => f.Text)] };

    [Fact]
    public async Task The_email_is_text_and_html_alternatives_with_the_cover_inline_and_the_pdf_attached()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);
        var delivery = WithCover(Samples.Delivery(), EnglishCover.Value);

        await host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        var mixed = Assert.IsType<Multipart>(message.Body);
        Assert.Equal("multipart/mixed", mixed.ContentType.MimeType);
        // multipart/mixed [ multipart/alternative [ text/plain, multipart/related [ text/html, image/png ] ], application/pdf ]
        var alternative = Assert.IsType<MultipartAlternative>(mixed[0]);
        Assert.Equal("text/plain", alternative[0].ContentType.MimeType);
        var related = Assert.IsType<MultipartRelated>(alternative[1]);
        Assert.Equal("text/html", related.Root!.ContentType.MimeType);

        // The picture is the cover the renderer drew, byte for byte, and the HTML shows it by its Content-Id.
        var image = Assert.IsType<MimePart>(Assert.Single(related, p => p.ContentType.MimeType == "image/png"));
        using var png = new MemoryStream();
        await image.Content!.DecodeToAsync(png);
        Assert.Equal(EnglishCover.Value.Png, png.ToArray());
        using (var bitmap = SKBitmap.Decode(png.ToArray()))
        {
            Assert.Equal((745, 1053), (bitmap.Width, bitmap.Height));
        }

        var html = message.HtmlBody;
        Assert.Contains($"src=\"cid:{image.ContentId}\"", html, StringComparison.Ordinal);
        Assert.Matches("alt=\"Cover page of the July 2023 briefing[^\"]+\"", html);

        var pdf = Assert.IsType<MimePart>(Assert.Single(message.Attachments));
        Assert.Equal("application/pdf", pdf.ContentType.MimeType);
        Assert.Equal(delivery.FileName, pdf.FileName);
        Assert.Contains("The briefing is attached", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_images_off_the_html_still_holds_every_tile_finding_and_change_as_text()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);
        var delivery = WithCover(Samples.Delivery(), EnglishCover.Value);

        await host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None);

        var text = Text(Assert.Single(smtp.Messages).HtmlBody!);
        var cover = EnglishCover.Value.Model.Cover!;
        Assert.Equal(3, Regex.Count(Assert.Single(smtp.Messages).HtmlBody!, "class=\"tile\""));
        foreach (var tile in cover.Tiles)
        {
            Assert.Contains(tile.Section, text, StringComparison.Ordinal);
            Assert.Contains(tile.Value ?? tile.Label, text, StringComparison.Ordinal);
            Assert.Contains(tile.Change ?? "", text, StringComparison.Ordinal);
        }

        Assert.Contains("1.5 billion visits", text, StringComparison.Ordinal);
        Assert.All(delivery.KeyFindings, f => Assert.Contains(f, text, StringComparison.Ordinal));
        Assert.All(cover.Changes, c => Assert.Contains(c, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_html_is_inline_styled_and_keeps_its_colours_in_dark_mode()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);

        await host.Email.SendAsync(Samples.EmailReader(), WithCover(Samples.Delivery(), EnglishCover.Value), CancellationToken.None);

        var html = Assert.Single(smtp.Messages).HtmlBody!;
        Assert.DoesNotContain("<style", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<meta name=\"color-scheme\" content=\"light dark\">", html, StringComparison.Ordinal);

        // Every block that sets a text colour sets its background too, so a client that darkens one darkens both.
        foreach (Match cell in Regex.Matches(html, "<(td|body)[^>]*style=\"([^\"]*)\""))
        {
            Assert.Contains("background-color:", cell.Groups[2].Value, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_linked_pdf_is_a_link_in_the_html_and_no_attachment()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        var pdf = Samples.FakePdf(filler: 4096);
        await using var host = ChannelHost.ForSmtp(smtp.Port, s => s["Delivery:MaxAttachmentBytes"] = (pdf.Length - 1).ToString());
        var delivery = WithCover(Samples.Delivery(pdf), EnglishCover.Value);

        await host.Email.SendAsync(Samples.EmailReader(), delivery, CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.Empty(message.Attachments);
        var links = Regex.Matches(message.HtmlBody!, "<a href=\"([^\"]+)\"").Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
        Assert.Equal([delivery.Link.AbsoluteUri], links);
        Assert.Contains("8 August 2023, 07:00 UTC", Text(message.HtmlBody!), StringComparison.Ordinal);
        Assert.Contains(delivery.Link.AbsoluteUri, message.TextBody, StringComparison.Ordinal);
        Assert.IsType<MimePart>(Assert.Single(message.BodyParts, p => p.ContentType.MimeType == "image/png"));
    }

    [Fact]
    public async Task The_arabic_email_reads_right_to_left()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);
        var delivery = WithCover(Samples.Delivery(edition: "ar", title: "موجز LlmPulse — سبتمبر 2023"), ArabicCover.Value);

        await host.Email.SendAsync(Samples.EmailReader(edition: "ar"), delivery, CancellationToken.None);

        var html = Assert.Single(smtp.Messages).HtmlBody!;
        Assert.Contains("<html lang=\"ar\" dir=\"rtl\">", html, StringComparison.Ordinal);
        Assert.Contains("text-align:right", html, StringComparison.Ordinal);
        Assert.DoesNotContain("text-align:left", html, StringComparison.Ordinal);
        Assert.Contains("لمحة سريعة", html, StringComparison.Ordinal);
        Assert.Contains(ArabicCover.Value.Model.Cover!.Tiles[0].Section, Text(html), StringComparison.Ordinal);
        Assert.Contains("alt=\"الصفحة الأولى من موجز", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_briefing_stored_without_a_cover_still_gets_html_with_its_findings_and_no_broken_image()
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = ChannelHost.ForSmtp(smtp.Port);

        await host.Email.SendAsync(Samples.EmailReader(), Samples.Delivery(), CancellationToken.None);

        var message = Assert.Single(smtp.Messages);
        Assert.DoesNotContain("cid:", message.HtmlBody!, StringComparison.Ordinal);
        Assert.DoesNotContain(message.BodyParts, p => p.ContentType.MediaType == "image");
        Assert.All(Samples.Findings, f => Assert.Contains(System.Net.WebUtility.HtmlEncode(f), message.HtmlBody!, StringComparison.Ordinal));
    }

    /// <summary>The HTML's text as a reader sees it: tags dropped, entities decoded.</summary>
    private static string Text(string html) => System.Net.WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
