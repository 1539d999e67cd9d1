using System.Globalization;
using System.Net;
using System.Text;
using LlmPulse.Briefings;
using MimeKit;
using MimeKit.Utils;

namespace LlmPulse.Delivery;

/// <summary>
/// The body of a briefing email: a plain-text part and an HTML part with the same content (the cover's tiles,
/// the key findings, what changed, the attachment or link), the cover page as an inline PNG the HTML shows, and
/// the PDF attached when it is. Readers whose client shows no images or no HTML lose nothing but the picture.
/// </summary>
/// <remarks>
/// The HTML is a single-column table with every style inline (mail clients drop style sheets), an explicit text
/// and background colour on every block, and <c>color-scheme</c> meta tags: a client that darkens mail then
/// either keeps these colours or inverts them together, and text never ends up dark on dark. The Arabic edition
/// is right to left from the <c>html</c> element down.
/// </remarks>
public static class BriefingEmail
{
    /// <summary>The Content-Id of the inline cover image; the HTML refers to it as <c>cid:</c>.</summary>
    public const string CoverContentIdPrefix = "cover.";

    private const string Ink = "#1d232b";
    private const string Muted = "#5b6573";
    private const string Accent = "#1f4e79";
    private const string TileFill = "#f3f6fa";
    private const string Rule = "#c9d1da";
    private const string Up = "#2e7d4f";
    private const string Down = "#b03a2e";
    private const string Fonts = "'Noto Sans',Arial,Helvetica,sans-serif";

    /// <summary>Composes the MIME body: the text and HTML alternatives, the inline cover, the attached PDF.</summary>
    /// <param name="delivery">The stored briefing and its cover, if it has one.</param>
    /// <param name="textBody">The plain-text alternative, as the channel words it.</param>
    /// <param name="arabic">True for the Arabic edition: the HTML reads right to left.</param>
    /// <param name="attached">True when the PDF goes attached, false when the email links to it.</param>
    /// <param name="month">The month as the edition names it ("July 2023").</param>
    public static MimeEntity Compose(BriefingDelivery delivery, string textBody, bool arabic, bool attached, string month)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var body = new BodyBuilder { TextBody = textBody };
        string? coverId = null;
        if (delivery.CoverImage is { Length: > 0 } png)
        {
            var image = body.LinkedResources.Add($"llmpulse-{delivery.Month}-cover.png", png, new ContentType("image", "png"));
            coverId = CoverContentIdPrefix + MimeUtils.GenerateMessageId("llmpulse.invalid");
            image.ContentId = coverId;
            image.ContentDisposition = new ContentDisposition(ContentDisposition.Inline);
        }

        body.HtmlBody = Html(delivery, arabic, attached, month, coverId);
        if (attached)
        {
            body.Attachments.Add(delivery.FileName, delivery.Pdf, new ContentType("application", "pdf"));
        }

        return body.ToMessageBody();
    }

    private static string Html(BriefingDelivery delivery, bool arabic, bool attached, string month, string? coverId)
    {
        var w = new Words(arabic);
        var start = arabic ? "right" : "left";
        var html = new StringBuilder(8192);
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{(arabic ? "ar" : "en")}\" dir=\"{(arabic ? "rtl" : "ltr")}\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta name=\"color-scheme\" content=\"light dark\"><meta name=\"supported-color-schemes\" content=\"light dark\">");
        html.Append("<title>").Append(E(delivery.Title)).Append("</title></head>");
        html.Append(CultureInfo.InvariantCulture, $"<body style=\"margin:0;padding:0;background-color:#ffffff;color:{Ink};\">");
        html.Append(CultureInfo.InvariantCulture, $"<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" dir=\"{(arabic ? "rtl" : "ltr")}\" style=\"background-color:#ffffff;\"><tr><td align=\"center\" style=\"padding:16px;background-color:#ffffff;\">");
        html.Append(CultureInfo.InvariantCulture, $"<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"width:100%;max-width:600px;background-color:#ffffff;font-family:{Fonts};color:{Ink};text-align:{start};\">");

        // Title and month.
        html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"border-top:6px solid {Accent};padding:16px 0 4px 0;background-color:#ffffff;\">");
        html.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:12px;font-weight:bold;color:{Accent};\">LlmPulse</div>");
        html.Append(CultureInfo.InvariantCulture, $"<h1 style=\"margin:4px 0 0 0;font-size:24px;line-height:1.25;color:{Ink};\">{E(delivery.Title)}</h1>");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:4px 0 0 0;font-size:15px;font-weight:bold;color:{Accent};\">{E(month)}</p></td></tr>");

        if (delivery.Cover is { Tiles.Count: > 0 } cover)
        {
            html.Append(Heading(w.AtAGlance));
            html.Append("<tr><td style=\"padding:0;background-color:#ffffff;\"><table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\"><tr>");
            var width = (100 / cover.Tiles.Count).ToString(CultureInfo.InvariantCulture);
            for (var i = 0; i < cover.Tiles.Count; i++)
            {
                html.Append(Tile(cover.Tiles[i], width, start, last: i == cover.Tiles.Count - 1, arabic));
            }

            html.Append("</tr></table></td></tr>");
        }

        if (delivery.KeyFindings.Count > 0)
        {
            html.Append(Heading(w.KeyFindings));
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:0;background-color:#ffffff;\"><ol style=\"margin:0;padding-{start}:22px;font-size:14px;line-height:1.5;color:{Ink};\">");
            foreach (var finding in delivery.KeyFindings)
            {
                html.Append("<li style=\"margin:0 0 6px 0;\">").Append(E(finding)).Append("</li>");
            }

            html.Append("</ol></td></tr>");
        }

        if (delivery.Cover is { Changes.Count: > 0 } changed)
        {
            html.Append(Heading(w.WhatChanged));
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:0;background-color:#ffffff;\"><ul style=\"margin:0;padding-{start}:22px;font-size:13px;line-height:1.5;color:{Muted};\">");
            foreach (var change in changed.Changes)
            {
                html.Append("<li style=\"margin:0 0 4px 0;\">").Append(E(change)).Append("</li>");
            }

            html.Append("</ul></td></tr>");
        }

        // The document itself: attached or linked, and the cover as a picture of it.
        var size = delivery.Pdf.LongLength.ToString("N0", CultureInfo.InvariantCulture);
        html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:18px 0 0 0;font-size:14px;line-height:1.5;color:{Ink};background-color:#ffffff;\">");
        if (attached)
        {
            html.Append("<p style=\"margin:0;\">").Append(E(w.Attached(delivery.FileName, size))).Append("</p>");
        }
        else
        {
            html.Append("<p style=\"margin:0;\">").Append(E(w.TooLarge(size, delivery.LinkExpiresAt))).Append("</p>");
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:8px 0 0 0;\"><a href=\"{E(delivery.Link.AbsoluteUri)}\" style=\"color:{Accent};font-weight:bold;\">{E(w.Download)}</a></p>");
        }

        html.Append("</td></tr>");
        if (coverId is not null)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:18px 0 0 0;background-color:#ffffff;\"><img src=\"cid:{E(coverId)}\" width=\"600\" alt=\"{E(w.CoverAlt(month))}\" style=\"display:block;width:100%;max-width:600px;height:auto;border:1px solid {Rule};background-color:#ffffff;color:{Ink};font-size:13px;\"></td></tr>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<tr><td style=\"padding:16px 0 0 0;font-size:11px;color:{Muted};background-color:#ffffff;\" dir=\"ltr\">SHA-256: {E(delivery.Sha256)}</td></tr>");
        html.Append("</table></td></tr></table></body></html>");
        return html.ToString();
    }

    private static string Heading(string text) =>
        $"<tr><td style=\"padding:20px 0 8px 0;background-color:#ffffff;\"><h2 style=\"margin:0;padding:0 0 4px 0;font-size:17px;color:{Ink};border-bottom:1px solid {Accent};\">{E(text)}</h2></td></tr>";

    private static string Tile(CoverTile tile, string widthPercent, string start, bool last, bool arabic)
    {
        var gap = last ? "" : arabic ? "border-left:6px solid #ffffff;" : "border-right:6px solid #ffffff;";
        var tileHtml = new StringBuilder();
        tileHtml.Append(CultureInfo.InvariantCulture, $"<td class=\"tile\" width=\"{widthPercent}%\" valign=\"top\" style=\"{gap}border-top:3px solid {Accent};background-color:{TileFill};padding:10px;text-align:{start};color:{Ink};\">");
        tileHtml.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:12px;font-weight:bold;color:{Accent};\">{E(tile.Section)}</div>");
        tileHtml.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:12px;color:{Muted};margin-top:2px;\">{E(tile.Label)}</div>");
        if (tile.Value is { } value)
        {
            tileHtml.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:22px;font-weight:bold;color:{Ink};margin-top:4px;\">{E(value)}</div>");
        }

        if (tile.Change is { } change)
        {
            var colour = tile.Direction switch
            {
                ChangeDirection.Up => Up,
                ChangeDirection.Down => Down,
                _ => Muted,
            };
            tileHtml.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:13px;font-weight:bold;color:{colour};margin-top:2px;\">{E(change)}</div>");
        }

        if (tile.Source is { } source)
        {
            tileHtml.Append(CultureInfo.InvariantCulture, $"<div style=\"font-size:11px;color:{Muted};margin-top:6px;\">{E(source)}</div>");
        }

        return tileHtml.Append("</td>").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>The few words the HTML adds around the briefing's own text, per edition.</summary>
    private sealed class Words(bool arabic)
    {
        public string AtAGlance => arabic ? "لمحة سريعة" : "At a glance";

        public string KeyFindings => arabic ? "أبرز النتائج" : "Key findings";

        public string WhatChanged => arabic ? "ما الذي تغيّر منذ الموجز السابق" : "What changed since the last briefing";

        public string Download => arabic ? "تنزيل الموجز (PDF)" : "Download the briefing (PDF)";

        public string Attached(string fileName, string size) =>
            arabic ? $"الموجز مرفق بهذه الرسالة: {fileName} ({size} بايت)." : $"The briefing is attached: {fileName} ({size} bytes).";

        public string TooLarge(string size, DateTimeOffset expires) =>
            arabic
                ? $"الموجز أكبر من أن يُرفق ({size} بايت). الرابط صالح حتى {expires.ToUniversalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC."
                : $"The briefing is too large to attach ({size} bytes). The link is valid until {expires.ToUniversalTime().ToString("d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture)} UTC.";

        public string CoverAlt(string month) =>
            arabic ? $"الصفحة الأولى من موجز {month}: لمحة سريعة وأبرز النتائج" : $"Cover page of the {month} briefing: the month at a glance and the key findings";
    }
}
