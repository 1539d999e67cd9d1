namespace LlmPulse.Cli.Commands;

/// <summary>A plain text table: columns padded to their widest cell, numbers right-aligned.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private readonly HashSet<int> _rightAligned = [];

    public TextTable AlignRight(params int[] columns)
    {
        _rightAligned.UnionWith(columns);
        return this;
    }

    public void Add(params string[] cells) => _rows.Add(cells);

    public async Task WriteAsync(TextWriter output)
    {
        var widths = headers.Select((h, i) => _rows.Select(r => i < r.Length ? r[i].Length : 0).Prepend(h.Length).Max()).ToArray();
        foreach (var row in _rows.Prepend(headers))
        {
            var cells = row.Select((cell, i) => i == row.Length - 1 && !_rightAligned.Contains(i) ? cell : _rightAligned.Contains(i) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
            await output.WriteLineAsync(string.Join("  ", cells).TrimEnd()).ConfigureAwait(false);
        }
    }
}
