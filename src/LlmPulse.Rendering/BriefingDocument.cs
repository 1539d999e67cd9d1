using System.Globalization;
using System.Reflection;
using LlmPulse.Briefings;
using LlmPulse.Briefings.Localization;
using LlmPulse.Rendering.Charts;
using LlmPulse.Rendering.Components;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Pdf;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering;

/// <summary>
/// One briefing as a PDF: composes the cover and sections into pages first, then draws them (the footer needs
/// the page count). One instance per render; not shared across threads. A right-to-left edition is the same
/// document mirrored: text starts at the right margin, and the header and footer swap sides.
/// </summary>
internal sealed class BriefingDocument : IDisposable
{
    private const float Width = PageLayout.ContentWidth;

    private static readonly string Producer =
        $"LlmPulse.Rendering {typeof(BriefingDocument).Assembly.GetName().Version?.ToString(3)} (SkiaSharp {typeof(SKCanvas).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]})";

    // An unusually large document's buffer is not kept for the life of the thread.
    private const int MaxKeptOutputBuffer = 4 * 1024 * 1024;

    [ThreadStatic]
    private static byte[]? outputBuffer;

    private readonly Briefing briefing;
    private readonly Typography typography;
    private readonly BriefingTexts texts;
    private readonly PageFlow flow = new(PageKind.Cover);
    private readonly SeriesPalette palette;

    /// <param name="forPdf">
    /// Draw text with the fonts' outline-free copies, which the font subsetter fills in (<see cref="Render"/>);
    /// false for pixels (<see cref="RenderCoverImage"/>) and for a PDF with whole fonts.
    /// </param>
    public BriefingDocument(Briefing briefing, bool forPdf = false)
    {
        this.briefing = briefing;
        typography = new Typography(briefing.Language, forPdf);
        texts = typography.Texts;
        palette = SeriesPalette.For(briefing);
    }

    /// <summary>
    /// The PDF, or null when it was drawn with outline-free fonts that the subsetter could not fill in (the file
    /// was not laid out as it reads it): the caller then draws it again with whole fonts.
    /// </summary>
    public byte[]? Render()
    {
        ComposeCover();
        ComposeSections();
        return Draw();
    }

    public void Dispose() => typography.Dispose();

    private void ComposeCover()
    {
        // The cover has no page header, so its text starts lower and reads as a title page; less so when the
        // at-a-glance band and what changed need the room.
        flow.Add(new Spacer(briefing.Cover is null ? 40f : 8f), 0f);
        flow.Add(TextBlock.CreateHeading(texts["render.brand"], typography.CoverBrand, Width), 0f);
        flow.Add(TextBlock.CreateHeading(briefing.Title, typography.CoverTitle, Width), 10f);
        if (!string.IsNullOrWhiteSpace(briefing.Subtitle))
        {
            flow.Add(TextBlock.Create(briefing.Subtitle, typography.CoverSubtitle, Width), 6f);
        }

        flow.Add(TextBlock.CreateHeading(texts.MonthYear(briefing.Month), typography.CoverMonth, Width), 18f);
        var dataAsOf = texts.Format("render.data-as-of", ("date", texts.LongDate(briefing.DataAsOf)));
        var generated = texts.Format("render.generated", ("time", texts.LongDateTime(briefing.GeneratedAt)));
        flow.Add(TextBlock.Create(dataAsOf, typography.CoverMeta, Width), 4f);
        flow.Add(TextBlock.Create(generated, typography.CoverMeta, Width), 0f);

        if (briefing.Cover is { Tiles.Count: > 0 } cover)
        {
            var band = new GlanceBand(cover.Tiles, typography, Width, palette);
            var heading = TextBlock.CreateHeading(texts["cover.at-a-glance"], typography.FindingsHeading, Width, underline: true);
            flow.Add(heading, 22f, keepWithNextHeight: 8f + band.Height);
            flow.Add(band, 8f);
        }

        ComposeKeyFindings();
        ComposeChanges();
    }

    private void ComposeChanges()
    {
        var changes = briefing.Cover?.Changes.Where(c => !string.IsNullOrWhiteSpace(c)).ToList() ?? [];
        if (changes.Count == 0)
        {
            return;
        }

        var list = BulletList.Create(changes, typography.Note, Width);
        var heading = TextBlock.CreateHeading(texts["cover.changed"], typography.FindingsHeading, Width, underline: true);
        flow.Add(heading, 22f, keepWithNextHeight: 8f + list.MinimumHeadHeight);
        flow.Add(list, 8f);
    }

    private void ComposeKeyFindings()
    {
        var findings = briefing.KeyFindings.Select(f => f.Text).Where(t => !string.IsNullOrWhiteSpace(t)).ToList();
        if (findings.Count == 0)
        {
            return;
        }

        var list = BulletList.Create(findings, typography.Body, Width, numbered: true);
        var heading = TextBlock.CreateHeading(texts["render.key-findings"], typography.FindingsHeading, Width, underline: true);
        flow.Add(heading, briefing.Cover is null ? 30f : 22f, keepWithNextHeight: 8f + list.MinimumHeadHeight);
        flow.Add(list, 8f);
    }

    private void ComposeSections()
    {
        if (briefing.Sections.Count == 0)
        {
            return;
        }

        flow.BreakPage(PageKind.Content);
        foreach (var section in briefing.Sections)
        {
            ComposeSection(section);
        }
    }

    private void ComposeSection(BriefingSection section)
    {
        var blocks = section.Blocks
            .Select(block => (Block: block, Component: ComposeBlock(block)))
            .Where(b => b.Component is not null)
            .Select(b => (b.Block, Component: b.Component!))
            .ToList();

        var title = TextBlock.CreateHeading(section.Title, typography.SectionTitle, Width, underline: true);
        flow.Add(title, 30f, keepWithNextHeight: LeadHeight(blocks, 0, afterSectionTitle: true));

        for (var i = 0; i < blocks.Count; i++)
        {
            var (block, component) = blocks[i];
            var keep = block is HeadingBlock ? LeadHeight(blocks, i + 1, afterSectionTitle: false) : 0f;
            flow.Add(component, SpaceBefore(block, i == 0), keep);
        }
    }

    /// <summary>
    /// Room a heading needs below it: the start of the next block, and of the one after that while the next
    /// blocks are headings too, so no heading is left alone at the bottom of a page.
    /// </summary>
    private static float LeadHeight(List<(BriefingBlock Block, Component Component)> blocks, int index, bool afterSectionTitle)
    {
        if (index >= blocks.Count)
        {
            return 0f;
        }

        var (block, component) = blocks[index];
        var lead = SpaceBefore(block, afterSectionTitle) + component.MinimumHeadHeight;
        return block is HeadingBlock ? lead + LeadHeight(blocks, index + 1, afterSectionTitle: false) : lead;
    }

    private static float SpaceBefore(BriefingBlock block, bool firstInSection) =>
        firstInSection
            ? 10f
            : block switch
            {
                HeadingBlock => 16f,
                ParagraphBlock { Tone: TextTone.Note } => 5f,
                ParagraphBlock => 7f,
                BulletListBlock => 7f,
                FigureRowBlock => 10f,
                ChartBlock or SmallMultiplesBlock => 14f,
                TableBlock or CompactTableBlock => 12f,
                _ => 8f,
            };

    private Component? ComposeBlock(BriefingBlock block) => block switch
    {
        HeadingBlock heading => TextBlock.CreateHeading(heading.Text, typography.Heading, Width),
        ParagraphBlock { Tone: TextTone.Note } note => TextBlock.Create(note.Text, typography.Note, Width),
        ParagraphBlock { Tone: TextTone.Summary } summary => TextBlock.Create(summary.Text, typography.SectionSummary, Width),
        ParagraphBlock paragraph => TextBlock.Create(paragraph.Text, typography.Body, Width),
        BulletListBlock { Items.Count: > 0 } list => BulletList.Create(list.Items, typography.Body, Width),
        FigureRowBlock { Figures.Count: > 0 } figures => FigureTiles.Create(figures.Figures, typography, Width),
        ChartBlock chart when ChartPlots.HasData(chart) => new ChartView(chart, typography, Width, palette),
        SmallMultiplesBlock grid when ChartPlots.HasData(new ChartBlock(grid.Title, grid.YAxisLabel, ChartKind.Line, grid.Series)) => new SmallMultiplesView(grid, typography, Width, palette),
        TableBlock { Columns.Count: > 0 } table => DataTable.Create(table.Columns, table.Rows, table.Caption, typography, Width),
        CompactTableBlock { Rows.Count: > 0 } compact => DataTable.Create(
            compact.Columns,
            compact.Rows.Select(r => r.Cells).ToArray(),
            compact.Caption,
            typography,
            Width,
            new DataTable.TrendColumn(compact.SparklineColumn, compact.Rows.Select(r => r.Trend).ToArray())),
        _ => null,
    };

    private byte[]? Draw()
    {
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = briefing.Document.Title;
        metadata.Author = briefing.Document.Author;
        metadata.Subject = briefing.Document.Subject;
        metadata.Keywords = briefing.Document.Keywords;
        metadata.Creator = "LlmPulse";
        metadata.Producer = Producer;

        // Skia writes PDF dates with the machine's offset whatever the DateTimeKind, so hand it local time.
        metadata.Creation = briefing.GeneratedAt.LocalDateTime;
        metadata.Modified = briefing.GeneratedAt.LocalDateTime;
        metadata.PdfA = true;

        // Skia writes the file into its own memory stream: through a managed stream, each of its thousands of small
        // writes was a call back into .NET. The file is then copied once into a buffer this thread reuses for
        // every render (a fresh one would be a large-object-heap allocation each time).
        int length;
        byte[] buffer;
        Task<IReadOnlyDictionary<byte[], FontCut?>>? cuts = null;
        using (var output = new SKDynamicMemoryWStream())
        {
            using (var document = SKDocument.CreatePdf(output, metadata))
            {
                var pages = flow.Pages;
                for (var i = 0; i < pages.Count; i++)
                {
                    DrawPage(document.BeginPage(PageLayout.Width, PageLayout.Height), i);
                    if (i == pages.Count - 1 && typography.Usage is { } usage)
                    {
                        // Every glyph is drawn: the fonts are cut on another core while Skia compresses the last
                        // page and writes the rest of the file (both take a few milliseconds).
                        cuts = Task.Run(() => PdfFontSubsetter.CutFonts(usage));
                    }

                    document.EndPage();
                }

                document.Close();
            }

            length = output.BytesWritten;
            buffer = outputBuffer is { } kept && kept.Length >= length ? kept : new byte[Math.Max(length, 256 * 1024)];
            output.CopyTo(buffer.AsSpan(0, length));
        }

        outputBuffer = buffer.Length <= MaxKeptOutputBuffer ? buffer : null;

        // Skia embeds each font file whole; the PDF keeps only the glyphs this document draws, and a font drawn
        // outline-free gets its real glyphs here.
        var filled = PdfFontSubsetter.TrySubset(buffer, length, reusedBuffer: true, typography.Usage, cuts?.GetAwaiter().GetResult(), out var pdf);
        return filled || !typography.ForPdf ? pdf : null;
    }

    /// <summary>
    /// The cover as a PNG, drawn by the same components as the PDF page onto a white raster <paramref name="scale"/>
    /// times the page size in points (an email shows it where a reader's client shows images).
    /// </summary>
    public byte[] RenderCoverImage(float scale)
    {
        if (typography.ForPdf)
        {
            throw new InvalidOperationException("A document drawn with outline-free fonts has no pixels to show.");
        }

        ComposeCover();
        ComposeSections();
        var info = new SKImageInfo((int)Math.Ceiling(PageLayout.Width * scale), (int)Math.Ceiling(PageLayout.Height * scale), SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        canvas.Scale(scale);
        DrawPage(canvas, 0);
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private void DrawPage(SKCanvas canvas, int index)
    {
        var pages = flow.Pages;
        ComposeHeader(canvas, pages[index]);
        foreach (var placed in pages[index].Components)
        {
            placed.Component.Draw(canvas, placed.X, placed.Y);
        }

        ComposeFooter(canvas, index + 1, pages.Count);
    }

    private void ComposeHeader(SKCanvas canvas, LaidOutPage page)
    {
        if (page.Kind == PageKind.Cover)
        {
            // The cover's only decoration: an accent band across the top edge.
            using var band = new SKPaint { Color = BriefingTheme.Accent, Style = SKPaintStyle.Fill };
            canvas.DrawRect(0, 0, PageLayout.Width, 8f, band);
            return;
        }

        // The title at the start side, the month at the end side: mirrored in a right-to-left edition.
        var style = typography.PageChrome;
        var month = texts.MonthYear(briefing.Month);
        var titleWidth = Width - TextRun.Measure(month, style) - 24f;
        var title = TextRun.Measure(briefing.Title, style) <= titleWidth
            ? briefing.Title
            : LineBreaker.Wrap(briefing.Title, style, titleWidth - TextRun.Measure("\u2026", style))[0] + "\u2026";
        TextRun.DrawInBox(canvas, title, PageLayout.MarginLeft, Width, PageLayout.HeaderBaseline, style, TextAlignment.Start);
        TextRun.DrawInBox(canvas, month, PageLayout.MarginLeft, Width, PageLayout.HeaderBaseline, style, TextAlignment.End);
        DrawRule(canvas, PageLayout.HeaderRule);
    }

    private void ComposeFooter(SKCanvas canvas, int pageNumber, int pageCount)
    {
        // The brand at the start side, the page number at the end side: mirrored in a right-to-left edition.
        DrawRule(canvas, PageLayout.FooterRule);
        TextRun.DrawInBox(canvas, texts["render.brand"], PageLayout.MarginLeft, Width, PageLayout.FooterBaseline, typography.PageChromeStrong, TextAlignment.Start);
        var pageText = texts.Format(
            "render.page",
            ("page", pageNumber.ToString(CultureInfo.InvariantCulture)),
            ("pages", pageCount.ToString(CultureInfo.InvariantCulture)));
        TextRun.DrawInBox(canvas, pageText, PageLayout.MarginLeft, Width, PageLayout.FooterBaseline, typography.PageChrome, TextAlignment.End);
    }

    private static void DrawRule(SKCanvas canvas, float y)
    {
        using var paint = new SKPaint { Color = BriefingTheme.Rule, Style = SKPaintStyle.Fill };
        canvas.DrawRect(PageLayout.MarginLeft, y, Width, 0.5f, paint);
    }
}
