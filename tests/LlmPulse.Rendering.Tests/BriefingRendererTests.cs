using System.Text.RegularExpressions;
using LlmPulse.Briefings;

namespace LlmPulse.Rendering.Tests;

public sealed class BriefingRendererTests
{
    private static readonly BriefingRenderer Renderer = new();
    private static readonly Lazy<byte[]> FullPdf = new(() => Renderer.Render(SampleBriefings.Full()));

    private static RenderedPdf OpenFull() => new(FullPdf.Value);

    /// <summary>The cover's month line: the only 15pt text, so drawing it twice would show as doubled words.</summary>
    private static string MonthHeading(RenderedPdf pdf) =>
        string.Join(' ', pdf.Pages.First().GetWords()
            .Where(w => Math.Abs(w.Letters[0].PointSize - 15) < 0.5)
            .Select(w => w.Text));

    [Fact]
    public void Content_type_is_pdf()
    {
        Assert.Equal("application/pdf", Renderer.ContentType);
    }

    [Fact]
    public void Renders_a_pdf_that_opens_with_a_cover_and_section_pages()
    {
        using var pdf = OpenFull();

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf.Bytes, 0, 5));
        // Cover, then sections from page 2; the 60-row table alone needs more than one page.
        Assert.InRange(pdf.PageCount, 5, 8);
        Assert.Contains("Key findings", pdf.PageTexts[0]);
        Assert.DoesNotContain("Traffic", pdf.PageTexts[0]);
        Assert.StartsWith("LLM market briefing July 2023 Traffic", pdf.PageTexts[1]);
    }

    [Fact]
    public void Cover_only_briefing_is_one_page()
    {
        using var pdf = new RenderedPdf(Renderer.Render(SampleBriefings.CoverOnly()));

        Assert.Equal(1, pdf.PageCount);
        Assert.DoesNotContain("Key findings", pdf.PageTexts[0]);
        Assert.Contains("Page 1 of 1", pdf.PageTexts[0]);
    }

    [Fact]
    public void Document_information_comes_from_the_model()
    {
        using var pdf = OpenFull();
        var info = pdf.Document.Information;
        var model = SampleBriefings.Full();

        Assert.Equal(model.Document.Title, info.Title);
        Assert.Equal(model.Document.Author, info.Author);
        Assert.Equal(model.Document.Subject, info.Subject);
        Assert.Equal(model.Document.Keywords, info.Keywords);
        Assert.Equal("LlmPulse", info.Creator);
        Assert.Contains("LlmPulse", info.Producer);
        Assert.Equal(model.GeneratedAt, info.GetCreatedDateTimeOffset());
        Assert.Equal(model.GeneratedAt, info.GetModifiedDateTimeOffset());
    }

    [Fact]
    public void Metadata_declares_pdf_a_2b()
    {
        using var pdf = OpenFull();

        Assert.True(pdf.Document.TryGetXmpMetadata(out var xmp));
        var xml = xmp.GetXDocument().ToString();
        Assert.Matches(@"<pdfaid:part[^>]*>2</pdfaid:part>", xml);
        Assert.Matches(@"<pdfaid:conformance[^>]*>B</pdfaid:conformance>", xml);
    }

    [Fact]
    public void Cover_shows_month_dates_and_each_finding_once()
    {
        using var pdf = OpenFull();
        var cover = pdf.PageTexts[0];
        var model = SampleBriefings.Full();

        Assert.Equal(1, RenderedPdf.Count(cover, SampleBriefings.TitleText));
        Assert.Equal("July 2023", MonthHeading(pdf));
        Assert.Contains("Data as of 31 July 2023", cover);
        Assert.Contains("Generated 2 August 2023, 06:30 UTC", cover);
        foreach (var finding in model.KeyFindings)
        {
            Assert.Equal(1, RenderedPdf.Count(cover, finding.Text));
        }

        Assert.Contains("1. ChatGPT had about", cover);
        Assert.Contains("3. Three model launches", cover);
    }

    [Fact]
    public void Body_text_appears_once_in_the_document()
    {
        using var pdf = OpenFull();

        Assert.Equal(1, pdf.CountInDocument(SampleBriefings.LastTableCell));
        Assert.Equal(1, pdf.CountInDocument(SampleBriefings.OnlyNoteText));
        Assert.Equal(1, pdf.CountInDocument(SampleBriefings.LongParagraphStart));
        Assert.Equal(1, pdf.CountInDocument("Traffic figures are estimates from a web analytics panel."));
        Assert.Equal(1, pdf.CountInDocument("Investment: public funding announcements"));
        var tilePage = pdf.PageTexts[pdf.PageIndexOf("Visits, Jul 2023")];
        Assert.Equal(1, RenderedPdf.Count(tilePage, SampleBriefings.ApproximateTileValue));
        Assert.Equal(1, RenderedPdf.Count(tilePage, "7 min 48 s"));
    }

    [Fact]
    public void Key_figures_show_derived_and_approximate_markers_with_a_legend()
    {
        using var pdf = OpenFull();
        var tilePage = pdf.PageTexts[pdf.PageIndexOf("Visits, Jul 2023")];

        Assert.Contains("approx. " + SampleBriefings.ApproximateTileValue, tilePage);
        var tileRaw = pdf.RawPageTexts[pdf.PageIndexOf("Visits, Jul 2023")];
        Assert.Contains(SampleBriefings.DerivedTileValue + "\u2020", tileRaw);
        Assert.Contains("\u2020 Derived: calculated by LlmPulse from reported figures.", tilePage);
        Assert.Contains("approx. = approximate", tilePage);

        // Reported, exact figures carry no marker.
        Assert.DoesNotContain("approx. 1.66 billion", tilePage);
        Assert.DoesNotContain("1.66 billion\u2020", tileRaw);
    }

    [Fact]
    public void Every_page_has_a_numbered_footer()
    {
        using var pdf = OpenFull();

        for (var i = 0; i < pdf.PageCount; i++)
        {
            Assert.Equal(1, RenderedPdf.Count(pdf.PageTexts[i], $"Page {i + 1} of {pdf.PageCount}"));
            Assert.Contains("LlmPulse", pdf.PageTexts[i]);
        }
    }

    [Fact]
    public void Section_pages_carry_a_header_with_title_and_month()
    {
        using var pdf = OpenFull();

        for (var i = 1; i < pdf.PageCount; i++)
        {
            Assert.StartsWith($"{SampleBriefings.TitleText} July 2023", pdf.PageTexts[i]);
        }
    }

    [Fact]
    public void All_text_including_chart_text_uses_the_embedded_fonts_once_each()
    {
        using var pdf = OpenFull();

        var fontNames = pdf.Pages.SelectMany(p => p.Letters).Select(l => l.FontName).Distinct().ToList();
        Assert.All(fontNames, name => Assert.Matches(@"^[A-Z]{6}\+NotoSans-(Regular|Bold|Italic)$", name));

        // Regular, bold, italic: one embedded file each, not one more per chart.
        Assert.Equal(3, pdf.CountRawToken("/FontFile2"));
    }

    [Fact]
    public void Line_chart_draws_its_date_ticks_and_compact_value_ticks_once()
    {
        using var pdf = OpenFull();
        var index = pdf.PageIndexOf("ChatGPT monthly visits");
        var page = pdf.PageTexts[index];
        var raw = pdf.RawPageTexts[index];

        // "May 2023" is only a tick label on this page; drawn twice it would be extracted twice.
        Assert.Equal(1, RenderedPdf.Count(page, "May 2023"));
        Assert.Matches(@"\b1\.\dB\b", page);
        Assert.Equal(1, RenderedPdf.Count(raw, "1.6B"));
        var chartText = raw[raw.IndexOf("ChatGPT monthly visits", StringComparison.Ordinal)..raw.IndexOf("Hollow markers", StringComparison.Ordinal)];
        Assert.Equal(1, RenderedPdf.Count(chartText, "Visits"));
        Assert.Contains("Hollow markers show approximate values.", page);
    }

    [Fact]
    public void Single_point_line_chart_is_drawn_with_its_tick()
    {
        using var pdf = OpenFull();
        var raw = pdf.RawPageTexts[pdf.PageIndexOf("Composite index (single reading)")];

        // The y-axis label is drawn rotated: read it in drawing order.
        Assert.Equal(1, RenderedPdf.Count(raw, "Index points"));
        Assert.Contains("Composite index (single reading)Jun 2023Index points", raw);
        Assert.Matches(@"1,\d00", raw);
    }

    [Fact]
    public void Multi_series_chart_has_a_legend()
    {
        using var pdf = OpenFull();
        var page = pdf.PageTexts[pdf.PageIndexOf("Developer activity by platform")];

        Assert.Equal(1, RenderedPdf.Count(page, "Open models"));
        Assert.Equal(1, RenderedPdf.Count(page, "Hosted APIs"));
    }

    [Fact]
    public void Bar_chart_labels_each_bar()
    {
        using var pdf = OpenFull();
        var page = pdf.PageTexts[pdf.PageIndexOf("AI start-up funding by quarter")];

        foreach (var label in new[] { "2022 Q4", "2023 Q1", "2023 Q2" })
        {
            Assert.Equal(1, RenderedPdf.Count(page, label));
        }

        Assert.Contains("14.1B", page);
        Assert.Contains("Light bars show approximate values.", page);
    }

    [Fact]
    public void Charts_with_many_points_thin_their_ticks_and_keep_the_latest()
    {
        using var pdf = new RenderedPdf(Renderer.Render(SampleBriefings.LongSeries()));
        var page = pdf.RawPageTexts[1];
        var raw = page[..page.IndexOf("Launches per month", StringComparison.Ordinal)];
        var months = SampleBriefings.LongSeries().Sections[0].Blocks.OfType<ChartBlock>().First().Series[0].Points.Select(p => p.Label).ToList();

        var lineTicks = months.Count(m => raw.Contains(m, StringComparison.Ordinal));
        Assert.InRange(lineTicks, 3, 12);
        Assert.Contains(months[^1], raw);
    }

    [Fact]
    public void Long_table_splits_across_pages_repeating_its_header_row()
    {
        using var pdf = OpenFull();
        const string header = "Company Round Amount Date";
        var first = pdf.PageIndexOf("Company 01");
        var last = pdf.PageIndexOf(SampleBriefings.LastTableCell);

        Assert.True(last > first, "The 60-row table should continue on a later page.");
        for (var page = first; page <= last; page++)
        {
            Assert.Equal(1, RenderedPdf.Count(pdf.PageTexts[page], header));
        }

        Assert.Equal(1, pdf.CountInDocument("Funding rounds recorded in the quarter"));
        for (var row = 1; row < 60; row++)
        {
            Assert.Equal(1, pdf.CountInDocument($"Company {row:D2} "));
        }
    }

    [Fact]
    public void Section_with_only_a_note_is_rendered()
    {
        using var pdf = OpenFull();
        var page = pdf.PageTexts[pdf.PageIndexOf(SampleBriefings.OnlyNoteText)];

        Assert.Contains("Launches " + SampleBriefings.OnlyNoteText, page);
    }

    [Fact]
    public void Chart_without_points_is_skipped_without_an_empty_frame()
    {
        using var pdf = new RenderedPdf(Renderer.Render(SampleBriefings.WithEmptyChart()));
        var text = pdf.AllText;

        Assert.Equal(2, pdf.PageCount);
        Assert.Contains("Before the empty chart. After the empty chart.", text);
        Assert.DoesNotContain("Nothing to plot", text);
        Assert.DoesNotContain("No series at all", text);
        Assert.DoesNotContain("Visits", text);
    }

    [Fact]
    public void Section_title_is_never_the_last_thing_on_a_page()
    {
        using var pdf = OpenFull();
        var titles = SampleBriefings.Full().Sections.Select(s => s.Title).ToList();

        foreach (var page in pdf.Pages)
        {
            // The last content line sits just above the footer; section titles are the only 17pt text.
            var lastContentWord = page.GetWords()
                .Where(w => w.BoundingBox.Bottom > 64)
                .OrderBy(w => w.BoundingBox.Bottom)
                .FirstOrDefault();
            if (lastContentWord is null)
            {
                continue;
            }

            var size = lastContentWord.Letters[0].PointSize;
            Assert.False(size > 16 && titles.Contains(lastContentWord.Text), $"Section title '{lastContentWord.Text}' ends page {page.Number}.");
        }
    }

    [Fact]
    public void Renders_concurrently_from_one_instance()
    {
        var models = Enumerable.Range(0, 4)
            .Select(i => SampleBriefings.Full() with { Month = new BriefingMonth(2023, 7 + i), Title = $"Briefing {i}" })
            .ToList();

        var results = new byte[models.Count][];
        Parallel.For(0, models.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => results[i] = Renderer.Render(models[i]));

        for (var i = 0; i < models.Count; i++)
        {
            using var pdf = new RenderedPdf(results[i]);
            Assert.Equal(new RenderedPdf(FullPdf.Value).PageCount, pdf.PageCount);
            Assert.Equal(1, RenderedPdf.Count(pdf.PageTexts[0], $"Briefing {i}"));
            Assert.Equal(models[i].Month.DisplayName, MonthHeading(pdf));
            Assert.Equal(1, pdf.CountInDocument(SampleBriefings.LastTableCell));
            Assert.Equal(1, RenderedPdf.Count(pdf.PageTexts[pdf.PageIndexOf("ChatGPT monthly visits")], "May 2023"));
        }
    }

    [Fact]
    public void Text_the_font_cannot_draw_is_replaced_with_plain_equivalents()
    {
        var model = SampleBriefings.CoverOnly() with { Subtitle = "Change \u2212 9.6% \u2248 1.5 billion \u2192 flat" };
        using var pdf = new RenderedPdf(Renderer.Render(model));

        Assert.Contains("Change - 9.6% ~ 1.5 billion -> flat", pdf.PageTexts[0]);
    }

    [Fact]
    public void Font_licence_is_copied_to_the_output_of_referencing_projects()
    {
        var licence = Path.Combine(AppContext.BaseDirectory, "licenses", "OFL-NotoSans.txt");

        Assert.True(File.Exists(licence), $"{licence} is missing.");
        Assert.Contains("SIL Open Font License", File.ReadAllText(licence));
    }

    [Fact]
    public void Renders_in_well_under_a_second_and_stays_small()
    {
        var model = SampleBriefings.Full();
        Renderer.Render(model);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var bytes = Renderer.Render(model);
        watch.Stop();

        // Generous bounds for a shared CI machine; the measured figures are far lower (see the PR notes).
        Assert.InRange(watch.ElapsedMilliseconds, 0, 2000);
        Assert.InRange(bytes.Length, 10_000, 300_000);
    }
}
