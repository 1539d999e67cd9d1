using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using LlmPulse.Metrics;
using LlmPulse.Storage;
using Spectre.Console;

namespace LlmPulse.Cli.Commands;

/// <summary>One column of a listing: its header, its cell text, and whether it holds numbers (right-aligned).</summary>
internal sealed record ListingColumn<T>(string Header, Func<T, string> Cell, bool Numeric = false);

/// <summary>
/// How listing commands print their rows: JSON for scripts (<c>--json</c>, the records themselves), a Spectre.Console
/// table in a terminal, plain padded columns when the output is redirected or colour is off.
/// </summary>
internal static class Listing
{
    // One converter per enum the listed records hold: the generic converter needs no code made at run time.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        TypeInfoResolver = ListingJson.Default,
        Converters =
        {
            new JsonStringEnumConverter<SeriesCategory>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<Frequency>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<MonthRule>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<Direction>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<RunStatus>(JsonNamingPolicy.CamelCase),
            new JsonStringEnumConverter<DeliveryStatus>(JsonNamingPolicy.CamelCase),
        },
    };

    public static async Task WriteAsync<T>(TextWriter output, CliTerminal terminal, IReadOnlyList<T> rows, IReadOnlyList<ListingColumn<T>> columns)
    {
        if (terminal.Plain)
        {
            var table = new TextTable([.. columns.Select(c => c.Header)]).AlignRight([.. columns.Select((c, i) => (c, i)).Where(x => x.c.Numeric).Select(x => x.i)]);
            foreach (var row in rows)
            {
                table.Add([.. columns.Select(c => c.Cell(row))]);
            }

            await table.WriteAsync(output).ConfigureAwait(false);
            return;
        }

        var grid = new Table().Border(TableBorder.Rounded).BorderColor(Color.Grey);
        foreach (var column in columns)
        {
            var header = new TableColumn(new Markup($"[bold]{Markup.Escape(column.Header)}[/]"));
            grid.AddColumn(column.Numeric ? header.RightAligned() : header);
        }

        // The first column names the row (a series id, a source, a month): it never wraps, the others make room.
        grid.Columns[0].NoWrap();

        foreach (var row in rows)
        {
            grid.AddRow([.. columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c.Cell(row)))]);
        }

        terminal.Console(output).Write(grid);
    }

    /// <summary>The records as a JSON array, property names in camelCase and enums as words.</summary>
    public static Task WriteJsonAsync<T>(TextWriter output, IReadOnlyList<T> rows) =>
        output.WriteLineAsync(JsonSerializer.Serialize(rows, (JsonTypeInfo<IReadOnlyList<T>>)Json.GetTypeInfo(typeof(IReadOnlyList<T>))));

    /// <summary>The <c>--json</c> option every listing command takes.</summary>
    public static System.CommandLine.Option<bool> JsonOption() =>
        new("--json") { Description = "Print the rows as a JSON array, for scripts." };
}

/// <summary>Serialization code generated at build time for the records listing commands print with <c>--json</c>.</summary>
[JsonSerializable(typeof(IReadOnlyList<Series>))]
[JsonSerializable(typeof(IReadOnlyList<RunRecord>))]
[JsonSerializable(typeof(IReadOnlyList<DeliveryRecord>))]
internal sealed partial class ListingJson : JsonSerializerContext;
