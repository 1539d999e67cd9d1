using System.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace LlmPulse.Rendering.Tests;

/// <summary>A rendered PDF read back as a reader's tools see it: pages of words, fonts, metadata.</summary>
internal sealed class RenderedPdf : IDisposable
{
    private readonly PdfDocument document;

    public RenderedPdf(byte[] bytes)
    {
        Bytes = bytes;
        document = PdfDocument.Open(bytes);
        PageTexts = document.GetPages()
            .Select(page => string.Join(' ', page.GetWords().Select(w => w.Text)))
            .ToList();
        RawPageTexts = document.GetPages().Select(page => page.Text).ToList();
    }

    public byte[] Bytes { get; }

    public PdfDocument Document => document;

    public int PageCount => document.NumberOfPages;

    /// <summary>Each page's words joined by single spaces, in reading order.</summary>
    public IReadOnlyList<string> PageTexts { get; }

    /// <summary>
    /// Each page's characters in drawing order, without inferred spaces: what a copy of the whole page gives.
    /// Rotated text (a y-axis label) and raised marks (a dagger) keep their place here, unlike in
    /// <see cref="PageTexts"/>, where words are re-ordered by position.
    /// </summary>
    public IReadOnlyList<string> RawPageTexts { get; }

    public string AllText => string.Join('\n', PageTexts);

    public IEnumerable<Page> Pages => document.GetPages();

    public int CountInDocument(string text) => PageTexts.Sum(page => Count(page, text));

    /// <summary>Index (0-based) of the first page containing <paramref name="text"/>.</summary>
    public int PageIndexOf(string text)
    {
        for (var i = 0; i < PageTexts.Count; i++)
        {
            if (PageTexts[i].Contains(text, StringComparison.Ordinal))
            {
                return i;
            }
        }

        throw new Xunit.Sdk.XunitException($"'{text}' is on no page. Text:\n{AllText}");
    }

    /// <summary>Number of times a raw PDF token (e.g. /FontFile2) occurs in the file.</summary>
    public int CountRawToken(string token)
    {
        var pattern = Encoding.ASCII.GetBytes(token);
        var count = 0;
        var span = Bytes.AsSpan();
        int index;
        while ((index = span.IndexOf(pattern)) >= 0)
        {
            count++;
            span = span[(index + pattern.Length)..];
        }

        return count;
    }

    public static int Count(string haystack, string needle)
    {
        var count = 0;
        var index = 0;
        while ((index = haystack.IndexOf(needle, index, StringComparison.Ordinal)) >= 0)
        {
            count++;
            index += needle.Length;
        }

        return count;
    }

    public void Dispose() => document.Dispose();
}
