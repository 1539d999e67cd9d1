using System.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>Where a line sits in its box, in the paragraph's direction: start is left in English, right in Arabic.</summary>
internal enum TextAlignment
{
    Start,
    End,
    Center,
}

/// <summary>
/// The one place that measures and draws a line of text; every word of a briefing, chart labels included,
/// passes through here. A line is split into directional runs by the Unicode Bidirectional Algorithm
/// (<see cref="Bidi"/>), each directional run into font runs by script (Noto Sans Arabic for Arabic script, Noto
/// Sans for Latin script and digits; spaces and punctuation stay with their neighbours), each font run is shaped
/// by HarfBuzz (<see cref="ShapingFont"/>) and the glyphs are placed left to right in visual order and drawn as
/// one positioned text blob, which the PDF keeps as real text.
/// </summary>
internal static class TextRun
{
    // The 2020 Noto Sans has no glyph for these; a plain equivalent reads better than an empty box and stays
    // searchable in the extracted text.
    private static readonly Dictionary<char, string> Substitutes = new()
    {
        ['\u2212'] = "-",   // minus sign
        ['\u2248'] = "~",   // almost equal to
        ['\u2264'] = "<=",
        ['\u2265'] = ">=",
        ['\u2190'] = "<-",
        ['\u2192'] = "->",
        ['\u2194'] = "<->",
        ['\u2191'] = "+",   // up arrow, as used before a rise
        ['\u2193'] = "-",
        ['\u25B2'] = "+",   // up triangle
        ['\u25BC'] = "-",
    };

    /// <summary>The advance width of <paramref name="text"/> drawn on one line.</summary>
    public static float Measure(string text, TextStyle style)
    {
        if (text.Length == 0)
        {
            return 0f;
        }

        // The shaped widths of a text's font runs do not depend on the size: kept per pair of faces, so a word
        // measured again (line breaking measures every word, and the same words recur) skips splitting it into
        // font runs and looking each up. The sum below is the same float arithmetic either way.
        var runs = style.Widths.GetOrAdd(text, static (text, style) => RunWidths(text, style), style);
        var width = 0f;
        for (var i = 0; i < runs.Length; i += 2)
        {
            width += runs[i] * style.Size / runs[i + 1];
        }

        return width;
    }

    /// <summary>Each font run's shaped width and its font's units per em, in pairs.</summary>
    private static int[] RunWidths(string text, TextStyle style)
    {
        text = Displayable(text, style.Typeface);

        // Widths do not depend on the order runs are drawn in, so measuring needs no bidi pass: each font run is
        // shaped in its script's own direction, which is also how it is drawn in all but odd cases.
        var runs = FontRuns(text, 0, text.Length, style);
        var widths = new int[runs.Count * 2];
        for (var i = 0; i < runs.Count; i++)
        {
            var face = runs[i].Face;
            widths[2 * i] = face.Shape(text.Substring(runs[i].Start, runs[i].Length), face.Script == FontScript.Arabic).Width;
            widths[(2 * i) + 1] = face.UnitsPerEm;
        }

        return widths;
    }

    /// <summary>Draws one line with its anchor at <paramref name="x"/> (its left, right or centre per <paramref name="align"/>).</summary>
    public static void Draw(SKCanvas canvas, string text, float x, float baseline, TextStyle style, SKTextAlign align = SKTextAlign.Left)
    {
        if (text.Length == 0)
        {
            return;
        }

        var line = Layout(text, style);
        var left = align switch
        {
            SKTextAlign.Right => x - line.Width,
            SKTextAlign.Center => x - (line.Width / 2f),
            _ => x,
        };
        line.Draw(canvas, left, baseline, style);
    }

    /// <summary>Draws one line inside a box, aligned at the box's start (left in English, right in Arabic) or end.</summary>
    public static void DrawInBox(SKCanvas canvas, string text, float left, float width, float baseline, TextStyle style, TextAlignment alignment = TextAlignment.Start)
    {
        var rightAligned = alignment switch
        {
            TextAlignment.Start => style.IsRightToLeft,
            TextAlignment.End => !style.IsRightToLeft,
            _ => false,
        };
        if (alignment == TextAlignment.Center)
        {
            Draw(canvas, text, left + (width / 2f), baseline, style, SKTextAlign.Center);
        }
        else if (rightAligned)
        {
            Draw(canvas, text, left + width, baseline, style, SKTextAlign.Right);
        }
        else
        {
            Draw(canvas, text, left, baseline, style);
        }
    }

    /// <summary>Replaces characters the typeface cannot draw with plain equivalents.</summary>
    public static string Displayable(string text, SKTypeface typeface)
    {
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];

            // Basic Latin and Latin-1 are always in the subset; checking them would cost a native call per letter.
            var substitute = c > '\u00FF' && Substitutes.TryGetValue(c, out var plain) && !typeface.ContainsGlyph(c)
                ? plain
                : null;
            if (substitute is null)
            {
                builder?.Append(c);
                continue;
            }

            builder ??= new StringBuilder(text.Length + 4).Append(text, 0, i);
            builder.Append(substitute);
        }

        return builder?.ToString() ?? text;
    }

    /// <summary>A line shaped and placed: glyph runs left to right, in points from the line's left edge.</summary>
    internal static LaidOutLine Layout(string text, TextStyle style)
    {
        text = Displayable(text, style.Typeface);
        var pieces = new List<LaidOutLine.Piece>();
        var pen = 0f;
        foreach (var run in Bidi.VisualRuns(text, style.IsRightToLeft))
        {
            var fontRuns = FontRuns(text, run.Start, run.Start + run.Length, style);
            if (run.RightToLeft)
            {
                // Within a right-to-left run the logically first font run is drawn rightmost.
                fontRuns.Reverse();
            }

            foreach (var fontRun in fontRuns)
            {
                var face = fontRun.Face;
                var shaped = face.Shape(text.Substring(fontRun.Start, fontRun.Length), run.RightToLeft);
                pieces.Add(new LaidOutLine.Piece(face, shaped, pen, fontRun.Start, fontRun.Length, run.RightToLeft));
                pen += shaped.Width * style.Size / face.UnitsPerEm;
            }
        }

        return new LaidOutLine(text, pieces, pen);
    }

    /// <summary>
    /// Splits [start, end) into runs of one font: Arabic script in the Arabic face; Latin letters, digits and
    /// anything else in the Latin face; spaces, punctuation and invisible controls with the nearest letter's face
    /// before them (or after them at the start), when that face has the character.
    /// </summary>
    private static List<FontRun> FontRuns(string text, int start, int end, TextStyle style)
    {
        var runs = new List<FontRun>();
        ShapingFont? previousStrong = null;
        var runStart = start;
        ShapingFont? runFace = null;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            ShapingFont face;
            if (IsArabicScript(c))
            {
                face = style.Arabic;
                previousStrong = face;
            }
            else if (IsNeutral(c))
            {
                var neighbour = previousStrong ?? NextStrong(text, i + 1, end, style) ?? style.Latin;
                face = IsInvisible(c) || neighbour.Covers(c) ? neighbour : style.Latin;
            }
            else
            {
                face = style.Latin.Covers(c) || !style.Arabic.Covers(c) ? style.Latin : style.Arabic;
                previousStrong = face;
            }

            if (!ReferenceEquals(face, runFace))
            {
                if (runFace is not null)
                {
                    runs.Add(new FontRun(runStart, i - runStart, runFace));
                }

                runStart = i;
                runFace = face;
            }
        }

        if (runFace is not null)
        {
            runs.Add(new FontRun(runStart, end - runStart, runFace));
        }

        return runs;
    }

    private static ShapingFont? NextStrong(string text, int from, int end, TextStyle style)
    {
        for (var i = from; i < end; i++)
        {
            var c = text[i];
            if (IsArabicScript(c))
            {
                return style.Arabic;
            }

            if (!IsNeutral(c))
            {
                return style.Latin;
            }
        }

        return null;
    }

    private static bool IsArabicScript(char c) =>
        c is (>= '\u0600' and <= '\u06FF') or (>= '\u0750' and <= '\u077F') or (>= '\u08A0' and <= '\u08FF')
            or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFE');

    private static bool IsNeutral(char c) =>
        c is not (>= '0' and <= '9')
        && (char.IsWhiteSpace(c) || char.IsPunctuation(c) || char.IsSymbol(c) || IsInvisible(c));

    /// <summary>Joining and bidi controls: they shape with their neighbours and draw nothing.</summary>
    private static bool IsInvisible(char c) => c is (>= '\u200B' and <= '\u200F') or (>= '\u202A' and <= '\u202E') or (>= '\u2060' and <= '\u206F');

    private readonly record struct FontRun(int Start, int Length, ShapingFont Face);
}

/// <summary>A shaped line ready to draw: glyph runs in visual order with their x offsets from the line's left.</summary>
internal sealed class LaidOutLine(string text, IReadOnlyList<LaidOutLine.Piece> pieces, float width)
{
    [ThreadStatic]
    private static SKTextBlobBuilder? blobBuilder;

    public string Text { get; } = text;

    public IReadOnlyList<Piece> Pieces { get; } = pieces;

    public float Width { get; } = width;

    /// <remarks>
    /// Each font run is its own blob with its glyph positions summed the way Skia's PDF writer sums advances (in
    /// float, from the run's own origin): where they agree exactly, it writes the run as one string; any
    /// difference, even a rounding error, costs a cursor move before the glyph (about half the content stream).
    /// </remarks>
    public void Draw(SKCanvas canvas, float left, float baseline, TextStyle style)
    {
        foreach (var piece in Pieces)
        {
            var shaped = piece.Glyphs;
            if (shaped.Glyphs.Length == 0)
            {
                continue;
            }

            style.Usage?.Add(piece.Face, shaped.Glyphs);
            var scale = style.Size / piece.Face.UnitsPerEm;

            // One builder per thread: building a blob leaves it empty and ready for the next one.
            var builder = blobBuilder ??= new SKTextBlobBuilder();
            var run = builder.AllocatePositionedRun(style.FontOf(piece.Face), shaped.Glyphs.Length);
            var glyphs = run.Glyphs;
            var positions = run.Positions;
            var pen = 0f;
            for (var g = 0; g < shaped.Glyphs.Length; g++)
            {
                glyphs[g] = shaped.Glyphs[g];
                positions[g] = new SKPoint(pen + (shaped.OffsetsX[g] * scale), -shaped.OffsetsY[g] * scale);
                pen += scale * shaped.Advances[g];
            }

            using var blob = builder.Build();
            if (blob is not null)
            {
                canvas.DrawText(blob, left + piece.X, baseline, style.Paint);
            }
        }
    }

    /// <summary>One font run: where it starts on the line (points) and the logical range of text it draws.</summary>
    public sealed record Piece(ShapingFont Face, ShapedGlyphs Glyphs, float X, int Start, int Length, bool RightToLeft);
}
