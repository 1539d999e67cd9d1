using System.Diagnostics;
using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Content;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// Text read back from a PDF the two ways a reader's tools do, brought to one comparable form. PdfPig gives the
/// glyphs as drawn: left to right, so a right-to-left word comes out letter-reversed, and each Arabic letter is
/// the Presentation Forms-B code point of the joined glyph drawn (ﺳ ﺒ ﺘ ﻤ ﺒ ﺮ). pdftotext reorders each line
/// into logical order itself, adds bidi embedding controls, and also gives the joined forms. Normalising (NFKC
/// maps a joined form back to its letter; bidi controls and harakat are dropped) makes both comparable with the
/// model's logical text.
/// </summary>
internal static class ExtractedText
{
    /// <summary>The letters and words of one printed line, as PdfPig reads them.</summary>
    internal sealed record Line(double Baseline, IReadOnlyList<LineWord> Words)
    {
        /// <summary>The line in logical order for a right-to-left paragraph: words from right to left.</summary>
        public string RightToLeftText => string.Join(' ', Words.OrderByDescending(w => w.Left).Select(w => w.Logical));

        public LineWord? Find(string logical) => Words.FirstOrDefault(w => w.Logical == logical);
    }

    /// <summary>A PdfPig word: its glyphs left to right, and its text in logical order.</summary>
    internal sealed record LineWord(IReadOnlyList<Letter> Letters, string Visual, string Logical, double Left, double Right);

    /// <summary>Lines of a page from PdfPig, top to bottom; each word made logical (an Arabic word reversed).</summary>
    public static IReadOnlyList<Line> Lines(Page page) =>
        page.GetWords()
            .Where(w => w.Letters.Count > 0)
            .GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y, 1))
            .OrderByDescending(g => g.Key)
            .Select(g => new Line(g.Key, g.OrderBy(w => w.BoundingBox.Left).Select(ToWord).ToList()))
            .ToList();

    /// <summary>A page's text as pdftotext gives it (logical order by its own heuristics), or null without pdftotext.</summary>
    public static string? PdfToText(byte[] pdf, int? page = null)
    {
        var tool = FindOnPath("pdftotext");
        if (tool is null)
        {
            return null;
        }

        var file = Path.Combine(Path.GetTempPath(), $"llmpulse-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, StandardOutputEncoding = Encoding.UTF8 };
            if (page is { } p)
            {
                start.ArgumentList.Add("-f");
                start.ArgumentList.Add(p.ToString(CultureInfo.InvariantCulture));
                start.ArgumentList.Add("-l");
                start.ArgumentList.Add(p.ToString(CultureInfo.InvariantCulture));
            }

            start.ArgumentList.Add("-enc");
            start.ArgumentList.Add("UTF-8");
            start.ArgumentList.Add(file);
            start.ArgumentList.Add("-");
            using var process = Process.Start(start)!;
            var text = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"pdftotext failed: {process.StandardError.ReadToEnd()}");
            return text;
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// NFKC (joined Arabic forms back to letters), without bidi controls and without harakat (pdftotext sets a
    /// mark apart from its letter with a space, which goes with it).
    /// </summary>
    public static string Normalize(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormKC);
        var result = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u061C')
            {
                continue;
            }

            if (IsHaraka(c))
            {
                while (result.Length > 0 && result[^1] == ' ')
                {
                    result.Length--;
                }

                continue;
            }

            result.Append(c);
        }

        return result.ToString();
    }

    public static bool IsArabic(char c) => c is (>= '\u0600' and <= '\u06FF') or (>= '\uFB50' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF');

    public static bool IsHaraka(char c) => c is (>= '\u064B' and <= '\u065F') or '\u0670';

    /// <summary>The model's text as extracted text is compared with it: bidi controls and harakat dropped.</summary>
    public static string Plain(string modelText) => Normalize(modelText);

    private static LineWord ToWord(Word word)
    {
        var letters = word.Letters.OrderBy(l => l.StartBaseLine.X).ToList();
        var visual = string.Concat(letters.Select(l => l.Value));
        if (!visual.Any(IsArabic))
        {
            return new LineWord(letters, visual, Normalize(visual), word.BoundingBox.Left, word.BoundingBox.Right);
        }

        // A word with Arabic letters sits in a right-to-left run: its logically first glyph is the rightmost,
        // except inside a left-to-right stretch of it (digits, Latin letters), which keeps its order.
        var segments = new List<(bool LeftToRight, List<string> Glyphs)>();
        foreach (var letter in letters)
        {
            var c = letter.Value.Length > 0 ? letter.Value[0] : ' ';
            var leftToRight = !IsArabic(c) && !char.IsWhiteSpace(c) && "()[]«»".IndexOf(c) < 0;
            if (segments.Count == 0 || segments[^1].LeftToRight != leftToRight)
            {
                segments.Add((leftToRight, []));
            }

            segments[^1].Glyphs.Add(letter.Value);
        }

        var logical = new StringBuilder();
        foreach (var (leftToRight, glyphs) in Enumerable.Reverse(segments))
        {
            foreach (var glyph in leftToRight ? glyphs : Enumerable.Reverse(glyphs))
            {
                logical.Append(glyph);
            }
        }

        return new LineWord(letters, visual, Normalize(logical.ToString()), word.BoundingBox.Left, word.BoundingBox.Right);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
