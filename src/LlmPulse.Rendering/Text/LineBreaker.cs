using System.Globalization;
using Icu;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The one place that wraps text into lines that fit a width, at the line-break opportunities of the Unicode
/// line-breaking algorithm (UAX #14) as ICU's line break iterator finds them: after spaces, after a hyphen or a
/// slash in a long URL, between CJK ideographs ("ChatGPT概念"), never before closing or Arabic punctuation
/// ("،" "؛" "؟" stay with their word). It works on the logical text, so it serves both directions: the first words
/// of a right-to-left paragraph fill its first line, and each line is then reordered for display on its own
/// (<see cref="TextRun"/>), as UAX #9 asks.
/// </summary>
internal static class LineBreaker
{
    // A break iterator is not thread-safe, and making one per call costs more than the wrapping: one per thread.
    [ThreadStatic]
    private static BreakIterator? lineIterator;

    /// <summary>
    /// Greedy wrap at line-break opportunities. Explicit line breaks are kept; spaces at a line's end are dropped;
    /// a piece wider than the line is broken between letters (whole grapheme clusters, so a letter keeps its marks)
    /// rather than overflowing the page.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, TextStyle style, float maxWidth)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (paragraph.Trim(' ').Length == 0)
            {
                lines.Add(string.Empty);
                continue;
            }

            WrapParagraph(paragraph.Trim(' '), style, maxWidth, lines);
        }

        return lines;
    }

    /// <summary>The offsets where a line may start, after the first: ICU's line boundaries inside the text.</summary>
    internal static IReadOnlyList<int> BreakOpportunities(string text)
    {
        if (text.Length == 0)
        {
            return [];
        }

        var breaks = new List<int>();
        if (IcuLineBreaks.TryAddBreaks(text, breaks))
        {
            return breaks;
        }

        breaks.Clear();
        Bidi.EnsureIcu();
        lineIterator ??= BreakIterator.CreateLineInstance(new Locale("en"));
        lineIterator.SetText(text);
        foreach (var boundary in lineIterator.Boundaries)
        {
            if (boundary > 0 && boundary < text.Length)
            {
                breaks.Add(boundary);
            }
        }

        return breaks;
    }

    private static void WrapParagraph(string paragraph, TextStyle style, float maxWidth, List<string> lines)
    {
        // Pieces run from one break opportunity to the next and keep their trailing spaces, which count towards
        // the line only when something follows them on it. Shaping never joins across a break opportunity (Arabic
        // letters join within a word), so a line is as wide as its pieces: each is measured once.
        var opportunities = BreakOpportunities(paragraph);
        var line = new System.Text.StringBuilder();
        var lineWidth = 0f;
        var pendingSpaceWidth = 0f;
        var start = 0;
        for (var i = 0; i <= opportunities.Count; i++)
        {
            var end = i < opportunities.Count ? opportunities[i] : paragraph.Length;
            var piece = paragraph[start..end];
            start = end;
            var word = piece.TrimEnd(' ');
            var spaces = piece[word.Length..];
            var wordWidth = TextRun.Measure(word, style);
            var spaceWidth = spaces.Length == 0 ? 0f : TextRun.Measure(spaces, style);

            if (line.Length == 0 || lineWidth + pendingSpaceWidth + wordWidth <= maxWidth)
            {
                if (line.Length == 0 && wordWidth > maxWidth)
                {
                    var broken = BreakWord(word, style, maxWidth);
                    lines.AddRange(broken.Take(broken.Count - 1));
                    word = broken[^1];
                    wordWidth = TextRun.Measure(word, style);
                }

                lineWidth += (line.Length == 0 ? 0f : pendingSpaceWidth) + wordWidth;
                line.Append(word);
                line.Append(spaces);
                pendingSpaceWidth = spaceWidth;
                continue;
            }

            lines.Add(line.ToString().TrimEnd(' '));
            line.Clear();
            lineWidth = 0f;
            pendingSpaceWidth = 0f;
            i--;
            start -= piece.Length;
        }

        if (line.Length > 0)
        {
            lines.Add(line.ToString().TrimEnd(' '));
        }
    }

    private static List<string> BreakWord(string word, TextStyle style, float maxWidth)
    {
        var boundaries = StringInfo.ParseCombiningCharacters(word).Append(word.Length).ToArray();
        var pieces = new List<string>();
        var first = 0;
        while (first < boundaries.Length - 1)
        {
            var last = first + 1;
            while (last + 1 < boundaries.Length && TextRun.Measure(word[boundaries[first]..boundaries[last + 1]], style) <= maxWidth)
            {
                last++;
            }

            pieces.Add(word[boundaries[first]..boundaries[last]]);
            first = last;
        }

        return pieces;
    }
}
