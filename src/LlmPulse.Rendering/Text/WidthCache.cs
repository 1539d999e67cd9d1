using System.Collections.Concurrent;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// Measured texts of one pair of faces (a Latin face and the Arabic face that continues it): each text's font
/// runs as shaped width and units per em, in pairs. Process-wide, like the shaping results it is made from.
/// </summary>
internal sealed class WidthCache
{
    private const int Limit = 50_000;

    private static readonly ConcurrentDictionary<(ShapingFont Latin, ShapingFont Arabic), WidthCache> Pairs = new();

    private readonly ConcurrentDictionary<string, int[]> widths = new();

    public static WidthCache For(ShapingFont latin, ShapingFont arabic) => Pairs.GetOrAdd((latin, arabic), static _ => new WidthCache());

    public int[] GetOrAdd(string text, Func<string, TextStyle, int[]> measure, TextStyle style)
    {
        if (widths.TryGetValue(text, out var known))
        {
            return known;
        }

        // A process that measures unusual text for long only starts the cache afresh, as the shaping cache does.
        if (widths.Count >= Limit)
        {
            widths.Clear();
        }

        return widths.GetOrAdd(text, measure, style);
    }
}
