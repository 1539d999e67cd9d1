using SkiaSharp;

namespace LlmPulse.Rendering.Layout;

/// <summary>
/// A measured piece of a page: laid out once at a known width, then placed by <see cref="PageFlow"/> and drawn.
/// </summary>
internal abstract class Component
{
    /// <summary>Height of the whole component.</summary>
    public abstract float Height { get; }

    /// <summary>
    /// Height of the smallest leading part that may end a page (a table's header and first row, a paragraph's
    /// first lines). A heading placed before this component needs room for it too, or it moves to the next page.
    /// </summary>
    public virtual float MinimumHeadHeight => Height;

    /// <summary>
    /// Splits the component so the head fits in <paramref name="availableHeight"/>. A component kept whole returns
    /// no head. <paramref name="pageIsEmpty"/> asks for at least some head, since a new page would not help.
    /// </summary>
    public virtual ComponentSplit Split(float availableHeight, bool pageIsEmpty) => new(null, this);

    /// <summary>Draws with the top-left corner at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public abstract void Draw(SKCanvas canvas, float x, float y);
}

internal readonly record struct ComponentSplit(Component? Head, Component? Rest);
