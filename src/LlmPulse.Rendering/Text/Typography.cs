using LlmPulse.Briefings;
using LlmPulse.Briefings.Localization;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// Every text style a briefing uses, in the edition's direction, and the edition's words for what the renderer
/// adds around the model (page numbers, legends); created per document and disposed with it.
/// </summary>
internal sealed class Typography : IDisposable
{
    private readonly List<TextStyle> styles = [];

    /// <param name="forPdf">Styles draw with the fonts' outline-free copies, for a PDF whose fonts are filled in afterwards.</param>
    public Typography(BriefingLanguage language = BriefingLanguage.English, bool forPdf = false)
    {
        ForPdf = forPdf;
        Usage = forPdf ? new GlyphUsage() : null;
        Texts = BriefingTexts.For(language);
        IsRightToLeft = language.IsRightToLeft();

        var regular = BriefingFonts.Regular;
        var bold = BriefingFonts.Bold;
        // Arabic does not slant for emphasis, and a Latin italic beside upright Arabic reads as a mistake: notes
        // in a right-to-left edition are upright (their smaller, muted style still sets them apart).
        var italic = IsRightToLeft ? BriefingFonts.Regular : BriefingFonts.Italic;

        CoverBrand = Add(bold, 10f, BriefingTheme.Accent);
        CoverTitle = Add(bold, 26f, BriefingTheme.Ink, 1.2f);
        CoverSubtitle = Add(regular, 13f, BriefingTheme.Muted, 1.35f);
        CoverMonth = Add(bold, 15f, BriefingTheme.Accent, 1.3f);
        CoverMeta = Add(regular, 9.5f, BriefingTheme.Muted, 1.5f);
        FindingsHeading = Add(bold, 14f, BriefingTheme.Ink, 1.3f);
        SectionTitle = Add(bold, 17f, BriefingTheme.Accent, 1.25f);
        Heading = Add(bold, 11.5f, BriefingTheme.Ink, 1.35f);
        Body = Add(regular, 10f, BriefingTheme.Ink, 1.45f);
        Note = Add(italic, 8.5f, BriefingTheme.Muted, 1.4f);
        TileLabel = Add(regular, 8f, BriefingTheme.Muted, 1.3f);
        TileValue = Add(bold, 18f, BriefingTheme.Ink, 1.2f);
        TileMarker = Add(regular, 8.5f, BriefingTheme.Muted, 1.3f);
        TileDetail = Add(regular, 8f, BriefingTheme.Muted, 1.3f);
        TableCaption = Add(bold, 9f, BriefingTheme.Ink, 1.35f);
        TableHeader = Add(bold, 8.5f, BriefingTheme.Ink, 1.3f);
        TableCell = Add(regular, 8.5f, BriefingTheme.Ink, 1.3f);
        ChartTitle = Add(bold, 10f, BriefingTheme.Ink, 1.35f);
        ChartLegend = Add(regular, 8f, BriefingTheme.Muted, 1.4f);
        ChartTick = Add(regular, 7.5f, BriefingTheme.Muted, 1.3f);

        // Axis and bar numbers read left to right in every edition ("-5", not "5-").
        ChartNumber = new TextStyle(regular, 7.5f, BriefingTheme.Muted, 1.3f, rightToLeft: false, forPdf, mergeScripts: IsRightToLeft) { Usage = Usage };
        styles.Add(ChartNumber);
        ChartAxisLabel = Add(regular, 8f, BriefingTheme.Muted, 1.3f);
        PageChrome = Add(regular, 8f, BriefingTheme.Muted, 1.3f);
        PageChromeStrong = Add(bold, 8f, BriefingTheme.Accent, 1.3f);
        SectionSummary = Add(regular, 10.5f, BriefingTheme.Accent, 1.4f);
        GlanceSection = Add(bold, 8f, BriefingTheme.Accent, 1.3f);
        GlanceUp = Add(bold, 8.5f, BriefingTheme.Up, 1.3f);
        GlanceDown = Add(bold, 8.5f, BriefingTheme.Down, 1.3f);
        GlanceFlat = Add(bold, 8.5f, BriefingTheme.Muted, 1.3f);
    }

    /// <summary>The edition's words.</summary>
    public BriefingTexts Texts { get; }

    /// <summary>True when the styles draw with outline-free fonts (a PDF's, never pixels).</summary>
    public bool ForPdf { get; }

    /// <summary>The glyphs every style of this document has drawn, per font (PDF documents only).</summary>
    public GlyphUsage? Usage { get; }

    /// <summary>True in a right-to-left edition: the page is mirrored.</summary>
    public bool IsRightToLeft { get; }

    public TextStyle CoverBrand { get; }

    public TextStyle CoverTitle { get; }

    public TextStyle CoverSubtitle { get; }

    public TextStyle CoverMonth { get; }

    public TextStyle CoverMeta { get; }

    public TextStyle FindingsHeading { get; }

    public TextStyle SectionTitle { get; }

    public TextStyle Heading { get; }

    public TextStyle Body { get; }

    public TextStyle Note { get; }

    public TextStyle TileLabel { get; }

    public TextStyle TileValue { get; }

    public TextStyle TileMarker { get; }

    public TextStyle TileDetail { get; }

    public TextStyle TableCaption { get; }

    public TextStyle TableHeader { get; }

    public TextStyle TableCell { get; }

    public TextStyle ChartTitle { get; }

    public TextStyle ChartLegend { get; }

    /// <summary>Axis numbers, x labels (Arabic months shaped like any text) and the peak and latest labels.</summary>
    public TextStyle ChartTick { get; }

    /// <summary>Axis numbers and bar values: as <see cref="ChartTick"/>, but left to right in every edition.</summary>
    public TextStyle ChartNumber { get; }

    /// <summary>A chart's y-axis title, drawn along the axis.</summary>
    public TextStyle ChartAxisLabel { get; }

    /// <summary>Page header and footer text.</summary>
    public TextStyle PageChrome { get; }

    public TextStyle PageChromeStrong { get; }

    /// <summary>The one-line summary that opens a section.</summary>
    public TextStyle SectionSummary { get; }

    /// <summary>A cover tile's section name ("Web traffic").</summary>
    public TextStyle GlanceSection { get; }

    /// <summary>A cover tile's change, coloured by its direction.</summary>
    public TextStyle GlanceUp { get; }

    public TextStyle GlanceDown { get; }

    public TextStyle GlanceFlat { get; }

    /// <summary>A one-off size of an existing style (e.g. a key figure shrunk to fit its tile).</summary>
    public TextStyle Resized(TextStyle style, float size)
    {
        var resized = new TextStyle(style.Typeface, size, style.Paint.Color, style.LineHeight / style.Size, style.IsRightToLeft, style.ForPdf, style.MergesScripts) { Usage = style.Usage };
        styles.Add(resized);
        return resized;
    }

    public void Dispose()
    {
        foreach (var style in styles)
        {
            style.Dispose();
        }

        styles.Clear();
    }

    private TextStyle Add(SKTypeface typeface, float size, SKColor color, float lineHeightFactor = 1.4f)
    {
        // A right-to-left edition's lines change script at every figure and Latin name: both scripts draw with one
        // font, so that is not a new text object in its PDF each time (Skia pays a fixed cost per object).
        var style = new TextStyle(typeface, size, color, lineHeightFactor, IsRightToLeft, ForPdf, mergeScripts: IsRightToLeft) { Usage = Usage };
        styles.Add(style);
        return style;
    }
}
