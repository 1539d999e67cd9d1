using System.Text;
using LlmPulse.Briefings;
using LlmPulse.Import;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// Every word of the seed month's briefing, in both editions, against golden text: the findings in order, then each
/// section's blocks. A change of wording anywhere shows up here as a reviewable diff.
/// </summary>
/// <remarks>To accept an intended change, run with LLMPULSE_UPDATE_SNAPSHOTS=1 and commit the rewritten files under Golden/.</remarks>
public sealed class GoldenTextTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2023, 10, 1, 7, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("en")]
    [InlineData("ar")]
    public void The_seed_month_reads_word_for_word_as_its_golden_text(string edition)
    {
        var folder = Path.Combine(AzuriteServer.RepositoryRoot, "seeds");
        var seeds = SeedFiles.Parse(
            File.ReadAllText(Path.Combine(folder, SeedFiles.SeriesFile)),
            File.ReadAllText(Path.Combine(folder, SeedFiles.ObservationsFile)),
            [],
            GeneratedAt);
        var month = BriefingMonth.Parse("2023-09");
        var briefing = new BriefingBuilder().Build(
            new BriefingData(month, seeds.Series, [.. seeds.Observations.Where(o => o.Period.End <= month.LastDay)]),
            GeneratedAt,
            Editions.Language(edition));

        var actual = Text(briefing);
        var path = Path.Combine(AzuriteServer.RepositoryRoot, "tests", "LlmPulse.Tests", "Briefings", "Golden", $"seed-2023-09.{edition}.txt");
        if (Environment.GetEnvironmentVariable("LLMPULSE_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
            return;
        }

        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n").Split('\n'), actual.Split('\n'));
    }

    private static string Text(Briefing briefing)
    {
        var text = new StringBuilder();
        text.Append(briefing.Title).Append('\n').Append(briefing.Subtitle).Append('\n');
        foreach (var finding in briefing.KeyFindings)
        {
            text.Append("* ").Append(finding.Text).Append('\n');
        }

        foreach (var section in briefing.Sections)
        {
            text.Append("\n# ").Append(section.Title).Append('\n');
            foreach (var block in section.Blocks)
            {
                switch (block)
                {
                    case HeadingBlock h:
                        text.Append("## ").Append(h.Text).Append('\n');
                        break;
                    case ParagraphBlock p:
                        text.Append(p.Text).Append('\n');
                        break;
                    case FigureRowBlock f:
                        foreach (var k in f.Figures)
                        {
                            text.Append("[tile] ").Append(k.Label).Append(" | ").Append(k.Value).Append(" | ").Append(k.Detail).Append(" | ").Append(k.Origin).Append('\n');
                        }

                        break;
                    case ChartBlock c:
                        text.Append("[chart] ").Append(c.Title).Append(" | ").Append(c.YAxisLabel).Append(" | ")
                            .AppendJoin("; ", c.Series.Select(s => s.Name + ": " + string.Join(", ", s.Points.Select(p => p.Label)))).Append('\n');
                        break;
                    case SmallMultiplesBlock g:
                        text.Append("[grid] ").Append(g.Title).Append(" | ").Append(g.YAxisLabel).Append(" | ")
                            .AppendJoin("; ", g.Series.Select(s => s.Name + ": " + string.Join(", ", s.Points.Select(p => p.Label)))).Append('\n');
                        break;
                    case TableBlock t:
                        text.Append("[table] ").Append(t.Caption).Append('\n').AppendJoin(" | ", t.Columns).Append('\n');
                        foreach (var row in t.Rows)
                        {
                            text.AppendJoin(" | ", row).Append('\n');
                        }

                        break;
                    case CompactTableBlock t:
                        text.Append("[compact] ").Append(t.Caption).Append('\n').AppendJoin(" | ", t.Columns).Append('\n');
                        foreach (var row in t.Rows)
                        {
                            text.AppendJoin(" | ", row.Cells).Append('\n');
                        }

                        break;
                    case BulletListBlock b:
                        foreach (var item in b.Items)
                        {
                            text.Append("- ").Append(item).Append('\n');
                        }

                        break;
                }
            }
        }

        return text.ToString();
    }
}
