using SkiaSharp;

namespace LlmPulse.Rendering.Layout;

/// <summary>One unbreakable horizontal strip of a <see cref="RowStack"/>: a line of text, a table row, a row of tiles.</summary>
internal abstract class Row
{
    public abstract float Height { get; }

    public abstract void Draw(SKCanvas canvas, float x, float y);
}
