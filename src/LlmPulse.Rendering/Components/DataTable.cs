using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Rendering.Layout;
using LlmPulse.Rendering.Text;
using SkiaSharp;

namespace LlmPulse.Rendering.Components;

/// <summary>
/// A table with a bold, filled header row and zebra rows; columns sized to their content, numeric columns
/// aligned at the end (right in English). Splits between rows and repeats the header row on each page. In a
/// right-to-left edition the columns read from the right: the first column is the rightmost.
/// </summary>
internal static partial class DataTable
{
    private const float CellPaddingX = 6f;
    private const float CellPaddingY = 4f;

    /// <summary>Room a sparkline gets in a cell: wide enough to read twelve months, as tall as a line of text.</summary>
    private const float TrendWidth = 60f;

    public static RowStack Create(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, string? caption, Typography typography, float width, TrendColumn? trends = null)
    {
        var columnCount = columns.Count;
        var numeric = Enumerable.Range(0, columnCount)
            .Select(c => IsNumericColumn(rows.Select(r => CellText(r, c))))
            .ToArray();
        var widths = ColumnWidths(columns, rows, numeric, typography, width, trends?.Column ?? -1);

        var header = new TableRow(columns, widths, numeric, typography.TableHeader, TableRowKind.Header);
        var tableRows = new List<Row>();
        var keepTogether = 2;
        if (!string.IsNullOrWhiteSpace(caption))
        {
            var captionLines = LineBreaker.Wrap(caption, typography.TableCaption, width);
            tableRows.AddRange(captionLines.Select((line, i) =>
                (Row)new CaptionLineRow(line, typography.TableCaption, width, spaceBelow: i == captionLines.Count - 1 ? 4f : 0f)));
            keepTogether += captionLines.Count;
        }

        tableRows.Add(header);
        for (var r = 0; r < rows.Count; r++)
        {
            var cells = Enumerable.Range(0, columnCount).Select(c => CellText(rows[r], c)).ToList();
            var kind = r % 2 == 1 ? TableRowKind.Shaded : TableRowKind.Plain;
            var trend = trends is { } t && r < t.Lines.Count ? (t.Column, t.Lines[r]) : ((int, Sparkline)?)null;
            tableRows.Add(new TableRow(cells, widths, numeric, typography.TableCell, kind, isLast: r == rows.Count - 1, trend));
        }

        return new RowStack(tableRows, keepTogetherRows: keepTogether, minimumRowsAfterSplit: 2, repeatedHeader: header);
    }

    /// <summary>
    /// True for cells such as "1,818", "-9.6%", "$10B", "approx. 1.5 billion", "+12 pp", "27.0†", "1.5 مليار".
    /// Invisible bidi controls around a figure do not count.
    /// </summary>
    internal static bool LooksNumeric(string cell) => NumericPattern().IsMatch(WithoutBidiControls(cell).Trim());

    private static string WithoutBidiControls(string text) =>
        text.AsSpan().IndexOfAny(BidiControls) < 0 ? text : string.Concat(text.Where(c => !BidiControls.Contains(c)));

    private static readonly System.Buffers.SearchValues<char> BidiControls =
        System.Buffers.SearchValues.Create("‎‏‪‫‬‭‮⁦⁧⁨⁩؜");

    private static bool IsNumericColumn(IEnumerable<string> cells)
    {
        var sawNumber = false;
        foreach (var cell in cells)
        {
            var text = cell.Trim();
            if (IsPlaceholder(text))
            {
                continue;
            }

            if (!LooksNumeric(text))
            {
                return false;
            }

            sawNumber = true;
        }

        return sawNumber;
    }

    private static bool IsPlaceholder(string text) =>
        text.Length == 0 || text is "-" or "\u2013" or "\u2014" or "n/a" or "N/A" or "n.a.";

    private static string CellText(IReadOnlyList<string> row, int column) => column < row.Count ? row[column] : string.Empty;

    /// <summary>
    /// Natural widths when they fit (spare width goes to text columns); otherwise narrow columns keep their
    /// natural width and the wide ones share the rest, wrapping their text.
    /// </summary>
    private static float[] ColumnWidths(IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<string>> rows, bool[] numeric, Typography typography, float width, int trendColumn)
    {
        var count = columns.Count;
        var natural = new float[count];
        for (var c = 0; c < count; c++)
        {
            var widest = TextRun.Measure(columns[c], typography.TableHeader);
            foreach (var row in rows)
            {
                widest = Math.Max(widest, TextRun.Measure(CellText(row, c), typography.TableCell));
            }

            if (c == trendColumn)
            {
                widest = Math.Max(widest, TrendWidth);
            }

            natural[c] = widest + (2 * CellPaddingX) + 0.5f;
        }

        var total = natural.Sum();
        if (total <= width)
        {
            var spare = width - total;
            var receivers = Enumerable.Range(0, count).Where(c => !numeric[c]).ToList();
            if (receivers.Count == 0)
            {
                receivers = [.. Enumerable.Range(0, count)];
            }

            var receiverTotal = receivers.Sum(c => natural[c]);
            foreach (var c in receivers)
            {
                natural[c] += spare * natural[c] / receiverTotal;
            }

            return natural;
        }

        var widths = new float[count];
        var open = Enumerable.Range(0, count).ToList();
        var remaining = width;
        bool settled;
        do
        {
            settled = false;
            var share = remaining / open.Count;
            foreach (var c in open.Where(c => natural[c] <= share).ToList())
            {
                widths[c] = natural[c];
                remaining -= natural[c];
                open.Remove(c);
                settled = true;
            }
        }
        while (settled && open.Count > 0);

        var openTotal = open.Sum(c => natural[c]);
        foreach (var c in open)
        {
            widths[c] = remaining * natural[c] / openTotal;
        }

        return widths;
    }

    // An optional marker or sign, an optional currency, digits with separators, then an optional unit and mark
    // (English scale words, or Arabic ones: ألف, مليون, مليار, تريليون).
    [GeneratedRegex(@"^(approx\.\s*|[~\u2248]\s*)?[+\-\u2212\u2013]?\s*[$\u20AC\u00A3\u00A5]?\s*[+\-\u2212\u2013]?\d[\d,.\u00A0\u202F\u2009 ]*\s*(%|pp|p\.p\.|x|\u00D7|[kKMBT]|bn|m|mn|thousand|million|billion|trillion|\u0623\u0644\u0641|\u0645\u0644\u064A\u0648\u0646|\u0645\u0644\u064A\u0627\u0631|\u062A\u0631\u064A\u0644\u064A\u0648\u0646)?\s*[\u2020\u2021*]?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumericPattern();

    /// <summary>A column drawn as one sparkline per row instead of text.</summary>
    public sealed record TrendColumn(int Column, IReadOnlyList<Sparkline> Lines);

    private enum TableRowKind
    {
        Header,
        Plain,
        Shaded,
    }

    private sealed class CaptionLineRow(string text, TextStyle style, float width, float spaceBelow) : Row
    {
        public override float Height => style.LineHeight + spaceBelow;

        public override void Draw(SKCanvas canvas, float x, float y) =>
            TextRun.DrawInBox(canvas, text, x, width, y + style.BaselineOffset, style);
    }

    private sealed class TableRow : Row
    {
        private readonly IReadOnlyList<string>[] cellLines;
        private readonly float[] widths;
        private readonly bool[] numeric;
        private readonly TextStyle style;
        private readonly TableRowKind kind;
        private readonly bool isLast;
        private readonly (int Column, Sparkline Line)? trend;

        public TableRow(IReadOnlyList<string> cells, float[] widths, bool[] numeric, TextStyle style, TableRowKind kind, bool isLast = false, (int Column, Sparkline Line)? trend = null)
        {
            this.trend = trend;
            this.widths = widths;
            this.numeric = numeric;
            this.style = style;
            this.kind = kind;
            this.isLast = isLast;
            cellLines = cells.Select((cell, c) => LineBreaker.Wrap(cell, style, widths[c] - (2 * CellPaddingX))).ToArray();
            Height = (cellLines.Max(lines => lines.Count) * style.LineHeight) + (2 * CellPaddingY);
        }

        public override float Height { get; }

        public override void Draw(SKCanvas canvas, float x, float y)
        {
            var rowWidth = widths.Sum();
            var fill = kind switch
            {
                TableRowKind.Header => BriefingTheme.AccentTint,
                TableRowKind.Shaded => BriefingTheme.Zebra,
                _ => SKColors.Empty,
            };
            if (fill != SKColors.Empty)
            {
                using var paint = new SKPaint { Color = fill, Style = SKPaintStyle.Fill };
                canvas.DrawRect(x, y, rowWidth, Height, paint);
            }

            if (kind == TableRowKind.Header || isLast)
            {
                // An accent line under the header and a hairline closing the table.
                using var rule = new SKPaint { Color = kind == TableRowKind.Header ? BriefingTheme.Accent : BriefingTheme.Rule, Style = SKPaintStyle.Fill };
                var thickness = kind == TableRowKind.Header ? 0.8f : 0.6f;
                canvas.DrawRect(x, y + Height - thickness, rowWidth, thickness, rule);
            }

            // Columns follow the reading direction: the first is leftmost in English, rightmost in Arabic.
            var offset = 0f;
            for (var c = 0; c < cellLines.Length; c++)
            {
                var left = style.IsRightToLeft ? x + rowWidth - offset - widths[c] : x + offset;
                var top = y + CellPaddingY;
                if (trend is { } t && t.Column == c)
                {
                    SparklineView.Draw(canvas, new SKRect(left + CellPaddingX, top, left + widths[c] - CellPaddingX, top + style.LineHeight), t.Line, BriefingTheme.Accent);
                }

                foreach (var line in cellLines[c])
                {
                    var baseline = top + style.BaselineOffset;
                    TextRun.DrawInBox(
                        canvas,
                        line,
                        left + CellPaddingX,
                        widths[c] - (2 * CellPaddingX),
                        baseline,
                        style,
                        numeric[c] ? TextAlignment.End : TextAlignment.Start);
                    top += style.LineHeight;
                }

                offset += widths[c];
            }
        }
    }
}
