using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>Wrapped text in one style: headings, paragraphs, notes. Splits between lines.</summary>
internal static class TextBlock
{
    public static RowStack Create(string text, TextStyle style, float width)
    {
        var rows = LineBreaker.Wrap(text, style, width)
            .Select(line => (Row)new TextLineRow(line, style, width))
            .ToList();

        // Two lines at least on each side of a page break, when the paragraph is long enough to allow it.
        return new RowStack(rows, keepTogetherRows: 2, minimumRowsAfterSplit: 2);
    }

    /// <summary>A heading: never split, optionally underlined with an accent rule.</summary>
    public static RowStack CreateHeading(string text, TextStyle style, float width, bool underline = false)
    {
        var rows = LineBreaker.Wrap(text, style, width)
            .Select(line => (Row)new TextLineRow(line, style, width))
            .ToList();
        if (underline)
        {
            rows.Add(new RuleRow(width, BriefingTheme.Accent, thickness: 1f, spaceAbove: 3f, spaceBelow: 0f));
        }

        return new RowStack(rows, keepTogetherRows: rows.Count);
    }

    /// <summary>One line of text, at the start of its width (left in English, right in Arabic).</summary>
    internal sealed class TextLineRow(string text, TextStyle style, float width) : Row
    {
        public override float Height => style.LineHeight;

        public override void Draw(SKCanvas canvas, float x, float y) =>
            TextRun.DrawInBox(canvas, text, x, width, y + style.BaselineOffset, style);
    }
}

/// <summary>A horizontal line across the content width.</summary>
internal sealed class RuleRow(float width, SKColor color, float thickness, float spaceAbove, float spaceBelow) : Row
{
    public override float Height => spaceAbove + thickness + spaceBelow;

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        using var paint = new SKPaint { Color = color, Style = SKPaintStyle.Fill, IsAntialias = false };
        canvas.DrawRect(x, y + spaceAbove, width, thickness, paint);
    }
}

/// <summary>Empty vertical space that is kept even at the top of a page (e.g. to lower the cover title).</summary>
internal sealed class Spacer(float height) : Component
{
    public override float Height => height;

    public override void Draw(SKCanvas canvas, float x, float y)
    {
    }
}
