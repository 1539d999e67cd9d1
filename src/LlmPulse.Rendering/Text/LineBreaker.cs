namespace LlmPulse.Rendering.Text;

/// <summary>The one place that wraps text into lines that fit a width, breaking between words.</summary>
internal static class LineBreaker
{
    /// <summary>
    /// Greedy word wrap. Explicit line breaks are kept; a word wider than the line is broken between letters
    /// rather than overflowing the page.
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
                // Advances add up exactly while text is drawn unshaped, so words are measured once each.
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
        var pieces = new List<string>();
        var start = 0;
        while (start < word.Length)
        {
            var length = 1;
            while (start + length < word.Length && TextRun.Measure(word.Substring(start, length + 1), style) <= maxWidth)
            {
                length++;
            }

            pieces.Add(word.Substring(start, length));
            start += length;
        }

        return pieces;
    }
}
