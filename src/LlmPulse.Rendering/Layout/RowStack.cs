using SkiaSharp;

namespace LlmPulse.Rendering.Layout;

/// <summary>
/// Rows drawn top to bottom that may split between rows across pages: the shared shape of paragraphs, lists,
/// tile rows and tables.
/// </summary>
internal sealed class RowStack : Component
{
    private readonly IReadOnlyList<Row> rows;
    private readonly int keepTogetherRows;
    private readonly int minimumRowsAfterSplit;
    private readonly Row? repeatedHeader;

    /// <param name="rows">The rows, top to bottom.</param>
    /// <param name="keepTogetherRows">Leading rows that only go on a page together (e.g. caption, header and first row).</param>
    /// <param name="minimumRowsAfterSplit">Rows the continuation keeps at least, so a single line is not left alone.</param>
    /// <param name="repeatedHeader">A row drawn again at the top of each continuation (a table's header row).</param>
    public RowStack(IReadOnlyList<Row> rows, int keepTogetherRows = 1, int minimumRowsAfterSplit = 1, Row? repeatedHeader = null)
    {
        this.rows = rows;
        this.keepTogetherRows = Math.Clamp(keepTogetherRows, 1, Math.Max(1, rows.Count));
        this.minimumRowsAfterSplit = Math.Max(1, minimumRowsAfterSplit);
        this.repeatedHeader = repeatedHeader;
        Height = rows.Sum(r => r.Height);
        MinimumHeadHeight = rows.Take(this.keepTogetherRows).Sum(r => r.Height);
    }

    public override float Height { get; }

    public override float MinimumHeadHeight { get; }

    public override ComponentSplit Split(float availableHeight, bool pageIsEmpty)
    {
        var fitting = 0;
        var used = 0f;
        while (fitting < rows.Count && used + rows[fitting].Height <= availableHeight)
        {
            used += rows[fitting].Height;
            fitting++;
        }

        if (fitting == rows.Count)
        {
            return new(this, null);
        }

        if (fitting < keepTogetherRows)
        {
            if (!pageIsEmpty)
            {
                return new(null, this);
            }

            // Taller than a page even at its minimum: take what fits (at least one row) rather than loop forever.
            fitting = Math.Max(1, fitting);
        }
        else
        {
            while (rows.Count - fitting < minimumRowsAfterSplit && fitting - 1 >= keepTogetherRows)
            {
                fitting--;
            }
        }

        var head = new RowStack(rows.Take(fitting).ToList(), keepTogetherRows: fitting);
        var remaining = rows.Skip(fitting).ToList();
        if (repeatedHeader is not null)
        {
            remaining.Insert(0, repeatedHeader);
        }

        var continuationKeepTogether = repeatedHeader is not null ? 2 : Math.Min(keepTogetherRows, minimumRowsAfterSplit);
        var rest = new RowStack(remaining, continuationKeepTogether, minimumRowsAfterSplit, repeatedHeader);
        return new(head, rest);
    }

    public override void Draw(SKCanvas canvas, float x, float y)
    {
        foreach (var row in rows)
        {
            row.Draw(canvas, x, y);
            y += row.Height;
        }
    }
}
