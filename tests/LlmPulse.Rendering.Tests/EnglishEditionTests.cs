using System.Globalization;
using System.Text;
using LlmPulse.Briefings;

namespace LlmPulse.Rendering.Tests;

/// <summary>
/// The English edition looks exactly as it did before text went through bidi and shaping: every word of every
/// page, in order, at the place it was drawn, against snapshots taken from the renderer before that change.
/// </summary>
/// <remarks>
/// To accept an intended change of the English layout, run with LLMPULSE_UPDATE_SNAPSHOTS=1 and commit the
/// rewritten files under Snapshots/.
/// </remarks>
public sealed class EnglishEditionTests
{
    private const double PositionTolerance = 0.05;

    public static TheoryData<string> Samples => ["sample-full", "seed-2023-09", "seed-2023-07"];

    [Theory]
    [MemberData(nameof(Samples))]
    public void English_pages_keep_every_word_where_it_was(string name)
    {
        var model = name switch
        {
            "sample-full" => SampleBriefings.Full(),
            "seed-2023-09" => SeedBriefings.Build("2023-09"),
            _ => SeedBriefings.Build("2023-07"),
        };
        using var pdf = new RenderedPdf(new BriefingRenderer().Render(model));
        var actual = Snapshot(pdf);
        var path = Path.Combine(SeedBriefings.RepositoryRoot, "tests", "LlmPulse.Rendering.Tests", "Snapshots", $"english-{name}.txt");

        if (Environment.GetEnvironmentVariable("LLMPULSE_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        var expected = File.ReadAllLines(path).Select(Parse).ToList();
        var lines = actual.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
        Assert.Equal(expected.Select(w => $"{w.Page} {w.Text}"), lines.Select(w => $"{w.Page} {w.Text}"));
        for (var i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], lines[i]);
            Assert.True(
                Math.Abs(e.X - a.X) <= PositionTolerance && Math.Abs(e.Y - a.Y) <= PositionTolerance && Math.Abs(e.Size - a.Size) <= 0.01,
                $"'{a.Text}' on page {a.Page} moved: expected ({e.X}, {e.Y}) at {e.Size}pt, got ({a.X}, {a.Y}) at {a.Size}pt.");
        }
    }

    /// <summary>One line per word: page, left, baseline, point size, text.</summary>
    private static string Snapshot(RenderedPdf pdf)
    {
        var text = new StringBuilder();
        foreach (var page in pdf.Pages)
        {
            foreach (var word in page.GetWords())
            {
                var first = word.Letters[0];
                text.Append(CultureInfo.InvariantCulture, $"{page.Number}\t{word.BoundingBox.Left:F2}\t{first.StartBaseLine.Y:F2}\t{first.PointSize:F2}\t{word.Text}\n");
            }
        }

        return text.ToString();
    }

    private static (int Page, double X, double Y, double Size, string Text) Parse(string line)
    {
        var parts = line.Split('\t', 5);
        var c = CultureInfo.InvariantCulture;
        return (int.Parse(parts[0], c), double.Parse(parts[1], c), double.Parse(parts[2], c), double.Parse(parts[3], c), parts[4]);
    }
}
