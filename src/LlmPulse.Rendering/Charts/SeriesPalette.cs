using LlmPulse.Briefings;
using SkiaSharp;

namespace LlmPulse.Rendering.Charts;

/// <summary>
/// One colour per series for a whole document: series take the palette's colours in the order they first appear
/// (section by section, chart by chart), keyed on the stored series id, so a series has the same colour on every
/// chart, in every legend and in both editions, whose series names differ.
/// </summary>
internal sealed class SeriesPalette
{
    /// <summary>
    /// Okabe and Ito's colour-blind-safe palette, without its yellow (too light for a line on white), with black
    /// last. A document with more series than colours starts over; one chart rarely shows more than two series.
    /// </summary>
    public static readonly IReadOnlyList<SKColor> Colors =
    [
        new(0x00, 0x72, 0xB2),
        new(0xD5, 0x5E, 0x00),
        new(0x00, 0x9E, 0x73),
        new(0xCC, 0x79, 0xA7),
        new(0xE6, 0x9F, 0x00),
        new(0x56, 0xB4, 0xE9),
        new(0x00, 0x00, 0x00),
    ];

    private readonly Dictionary<string, int> order = new(StringComparer.Ordinal);

    /// <summary>The palette of a briefing: the cover's sparklines, then every chart's series, in document order.</summary>
    public static SeriesPalette For(Briefing briefing)
    {
        var palette = new SeriesPalette();
        foreach (var id in briefing.Cover?.Tiles.Select(t => t.SeriesId).OfType<string>() ?? [])
        {
            palette.IndexOf("id:" + id);
        }

        foreach (var block in briefing.Sections.SelectMany(s => s.Blocks))
        {
            var series = block switch
            {
                ChartBlock chart => chart.Series,
                SmallMultiplesBlock grid => grid.Series,
                _ => [],
            };

            foreach (var s in series)
            {
                palette.IndexOf(s);
            }
        }

        return palette;
    }

    public SKColor ColorOf(ChartSeries series) => Colors[IndexOf(series) % Colors.Count];

    /// <summary>The colour of a stored series by its id (a cover tile's sparkline).</summary>
    public SKColor ColorOf(string seriesId) => Colors[IndexOf("id:" + seriesId) % Colors.Count];

    // A model without ids (a hand-made one) still gets one colour per distinct name.
    private int IndexOf(ChartSeries series) => IndexOf(series.SeriesId is { } id ? "id:" + id : "name:" + series.Name);

    /// <summary>The series' place in order of first appearance; one the document did not list is added at the end.</summary>
    private int IndexOf(string key)
    {
        if (!order.TryGetValue(key, out var index))
        {
            index = order.Count;
            order[key] = index;
        }

        return index;
    }
}
