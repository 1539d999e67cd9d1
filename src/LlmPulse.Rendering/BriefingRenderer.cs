using LlmPulse.Briefings;

namespace LlmPulse.Rendering;

/// <summary>
/// Renders a briefing as an A4 PDF (PDF/A-2b markers, selectable text, vector charts, embedded subset Noto Sans).
/// </summary>
/// <remarks>
/// Thread-safe and cheap to share: fonts are loaded once per process and every render builds its own document,
/// so one instance (a singleton) serves concurrent renders.
/// </remarks>
public sealed class BriefingRenderer : IBriefingRenderer
{
    /// <summary>Pixels per PDF point of the cover PNG: 744 x 1053 pixels, sharp at an email's 600-pixel width.</summary>
    public const float CoverImageScale = 1.25f;

    public string ContentType => "application/pdf";

    public byte[] Render(Briefing briefing)
    {
        ArgumentNullException.ThrowIfNull(briefing);

        // Skia compresses every font it embeds whole, on every render: it draws with outline-free copies (a sixth
        // of the bytes) whose glyphs the subsetter fills in from the real fonts.
        using (var document = new BriefingDocument(briefing, forPdf: true))
        {
            if (document.Render() is { } pdf)
            {
                return pdf;
            }
        }

        // The subsetter could not read the file Skia wrote, so the outline-free fonts would stay empty: draw it
        // again with whole fonts, which it leaves as they are at worst.
        using var whole = new BriefingDocument(briefing);
        return whole.Render()!;
    }

    public byte[] RenderCoverImage(Briefing briefing)
    {
        ArgumentNullException.ThrowIfNull(briefing);
        using var document = new BriefingDocument(briefing);
        return document.RenderCoverImage(CoverImageScale);
    }
}
