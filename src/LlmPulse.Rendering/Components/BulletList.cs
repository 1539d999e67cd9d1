using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// A bulleted or numbered list with hanging indents. Splits between lines. In a right-to-left edition the
/// markers hang on the right and the lines are right-aligned.
/// </summary>
internal static class BulletList
{
    private const float ItemSpacing = 3f;

    public static RowStack Create(IReadOnlyList<string> items, TextStyle style, float width, bool numbered = false)
    {
        var markers = items.Select((_, i) => numbered ? $"{i + 1}." : "\u2022").ToList();
        // Markers are aligned in their own column on the text's side, so "9." and "10." line up on the dot.
        var markerColumn = markers.Max(m => TextRun.Measure(m, style));
        var indent = markerColumn + (style.Size * 0.6f);
        var rows = new List<Row>();

        for (var i = 0; i < items.Count; i++)
        {
            var lines = LineBreaker.Wrap(items[i], style, width - indent);
            for (var l = 0; l < lines.Count; l++)
            {
                var marker = l == 0 ? markers[i] : null;
                var spaceAbove = l == 0 && i > 0 ? ItemSpacing : 0f;
                rows.Add(new ListLineRow(marker, lines[l], style, width, markerColumn, indent, spaceAbove));
            }
        }

        return new RowStack(rows, keepTogetherRows: 2, minimumRowsAfterSplit: 2);
    }

    private sealed class ListLineRow(string? marker, string text, TextStyle style, float width, float markerColumn, float indent, float spaceAbove) : Row
    {
        public override float Height => spaceAbove + style.LineHeight;

        public override void Draw(SKCanvas canvas, float x, float y)
        {
            var baseline = y + spaceAbove + style.BaselineOffset;
            if (style.IsRightToLeft)
            {
                if (marker is not null)
                {
                    TextRun.Draw(canvas, marker, x + width - markerColumn, baseline, style);
                }

                TextRun.DrawInBox(canvas, text, x, width - indent, baseline, style);
                return;
            }

            if (marker is not null)
            {
                TextRun.Draw(canvas, marker, x + markerColumn, baseline, style, SKTextAlign.Right);
            }

            TextRun.Draw(canvas, text, x + indent, baseline, style);
        }
    }
}
