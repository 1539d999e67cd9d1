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
    /// Skia's PDF writer keeps a cursor per glyph run: it starts at the run's origin (a text matrix, Tm), advances
    /// by each glyph's own advance (the font's, summed in float), and wherever a glyph's given position differs
    /// from that cursor, even by a rounding error, it writes a move (Td) and restarts the sum from that glyph. From
    /// then on the run's positions and Skia's sums are floats of different magnitudes, which almost never subtract
    /// exactly: every later glyph of the run cost a move too (most of the Arabic edition's content streams, where
    /// shaping moves glyphs). So a run is drawn in segments: each starts at a glyph shaping placed away from Skia's
    /// cursor (a kerned or attached glyph, a mark), as a blob of its own whose origin is that glyph, and its other
    /// glyphs are placed exactly at Skia's cursor, within <see cref="CursorSlack"/> of where shaping put them.
    /// Adjacent font runs of the same font (a space or a bracket in a directional run of its own) are one run.
    /// </remarks>
    public void Draw(SKCanvas canvas, float left, float baseline, TextStyle style)
    {
        if (style.Merged is not null)
        {
            // One font draws both scripts: the whole line is one run.
            var glyphs = 0;
            foreach (var piece in Pieces)
            {
                glyphs += piece.Glyphs.Glyphs.Length;
            }

            if (glyphs > 0)
            {
                DrawRun(canvas, 0, Pieces.Count, glyphs, left, baseline, style);
            }

            return;
        }

        for (var first = 0; first < Pieces.Count;)
        {
            var face = Pieces[first].Face;
            var count = 0;
            var last = first;
            for (; last < Pieces.Count && ReferenceEquals(Pieces[last].Face, face); last++)
            {
                count += Pieces[last].Glyphs.Glyphs.Length;
            }

            if (count > 0)
            {
                DrawRun(canvas, first, last, count, left, baseline, style);
            }

            first = last;
        }
    }

    /// <summary>How far (points) a glyph may be from Skia's cursor and still be drawn at it: far below what a reader sees.</summary>
    private const float CursorSlack = 0.01f;

    [ThreadStatic]
    private static Scratch? scratch;

    private void DrawRun(SKCanvas canvas, int first, int last, int count, float left, float baseline, TextStyle style)
    {
        var merged = style.Merged;
        var face = merged?.Font ?? Pieces[first].Face;
        var scale = style.Size / face.UnitsPerEm;
        var work = scratch ??= new Scratch();
        work.Ensure(count);
        var glyphs = work.Glyphs;
        var xs = work.X;
        var ys = work.Y;
        var advances = work.Advances;

        // Where shaping puts each glyph, from the run's left, and the font's advance Skia will sum.
        var n = 0;
        for (var p = first; p < last; p++)
        {
            var piece = Pieces[p];
            var shaped = piece.Glyphs;
            if (shaped.Glyphs.Length == 0)
            {
                continue;
            }

            // In the merged font a Latin glyph has another id (the Arabic face's keep theirs; merging checked that
            // both have the same units per em, so the scale and advances are the same).
            var ids = merged is not null && !ReferenceEquals(piece.Face, merged.Arabic) ? merged.LatinGlyphs : null;
            var pen = piece.X;
            for (var g = 0; g < shaped.Glyphs.Length; g++, n++)
            {
                glyphs[n] = ids is null ? shaped.Glyphs[g] : ids[shaped.Glyphs[g]];
                xs[n] = pen + (shaped.OffsetsX[g] * scale);
                ys[n] = -shaped.OffsetsY[g] * scale;
                advances[n] = scale * shaped.FontAdvances[g];
                pen += scale * shaped.Advances[g];
            }
        }

        style.Usage?.Add(face, glyphs.AsSpan(0, count));
        var builder = blobBuilder ??= new SKTextBlobBuilder();
        var font = merged is not null ? style.MergedFont! : style.FontOf(face);
        for (var start = 0; start < count;)
        {
            // The segment runs while each glyph sits at Skia's cursor: its sum of advances from the first glyph.
            var origin = xs[start];
            var end = start + 1;
            var cursor = advances[start];
            while (end < count && ys[end] == 0f && ys[start] == 0f && Math.Abs(xs[end] - origin - cursor) <= CursorSlack)
            {
                cursor += advances[end];
                end++;
            }

            var run = builder.AllocatePositionedRun(font, end - start);
            var runGlyphs = run.Glyphs;
            var positions = run.Positions;
            var sum = 0f;
            for (var i = start; i < end; i++)
            {
                runGlyphs[i - start] = glyphs[i];
                positions[i - start] = new SKPoint(sum, i == start ? ys[i] : 0f);
                sum += advances[i];
            }

            using (var blob = builder.Build())
            {
                if (blob is not null)
                {
                    canvas.DrawText(blob, left + origin, baseline, style.Paint);
                }
            }

            start = end;
        }
    }

    /// <summary>Per-thread buffers for a run's glyphs and positions (lines are drawn thousands of times a render).</summary>
    private sealed class Scratch
    {
        public ushort[] Glyphs { get; private set; } = new ushort[256];

        public float[] X { get; private set; } = new float[256];

        public float[] Y { get; private set; } = new float[256];

        public float[] Advances { get; private set; } = new float[256];

        public void Ensure(int count)
        {
            if (count > Glyphs.Length)
            {
                var size = Math.Max(count, Glyphs.Length * 2);
                Glyphs = new ushort[size];
                X = new float[size];
                Y = new float[size];
                Advances = new float[size];
            }
        }
    }

    /// <summary>One font run: where it starts on the line (points) and the logical range of text it draws.</summary>
    public sealed record Piece(ShapingFont Face, ShapedGlyphs Glyphs, float X, int Start, int Length, bool RightToLeft);
}
