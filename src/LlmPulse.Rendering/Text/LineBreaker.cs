using System.Globalization;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The one place that wraps text into lines that fit a width, breaking between words. It works on the logical
/// text, so it serves both directions: the first words of a right-to-left paragraph fill its first line, and
/// each line is then reordered for display on its own (<see cref="TextRun"/>), as UAX #9 asks.
/// </summary>
internal static class LineBreaker
{
    /// <summary>
    /// Greedy word wrap. Explicit line breaks are kept; a word wider than the line is broken between letters
    /// (whole grapheme clusters, so a letter keeps its marks) rather than overflowing the page.
    /// </summary>
    public static IReadOnlyList<string> Wrap(string text, TextStyle style, float maxWidth)
    {
        var lines = new List<string>();
        var spaceWidth = TextRun.Measure(" ", style);

        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0)
            {
                lines.Add(string.Empty);
                continue;
            }

            var line = new List<string>();
            var lineWidth = 0f;
            foreach (var word in words)
            {
                // Shaping never joins across a space (Arabic letters join within a word), so a line is as wide as
                // its words and spaces: words are measured once each.
                var wordWidth = TextRun.Measure(word, style);
                var widthWithWord = line.Count == 0 ? wordWidth : lineWidth + spaceWidth + wordWidth;
                if (widthWithWord <= maxWidth)
                {
                    line.Add(word);
                    lineWidth = widthWithWord;
                    continue;
                }

                if (line.Count > 0)
                {
                    lines.Add(string.Join(' ', line));
                    line.Clear();
                    lineWidth = 0f;
                }

                if (wordWidth <= maxWidth)
                {
                    line.Add(word);
                    lineWidth = wordWidth;
                    continue;
                }

                var pieces = BreakWord(word, style, maxWidth);
                lines.AddRange(pieces.Take(pieces.Count - 1));
                line.Add(pieces[^1]);
                lineWidth = TextRun.Measure(pieces[^1], style);
            }

            lines.Add(string.Join(' ', line));
        }

        return lines;
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
