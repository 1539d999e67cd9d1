using System.Globalization;
using System.Text;
using LlmPulse.Import;
using LlmPulse.Metrics;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Import;

/// <summary>
/// Seed files as they come from spreadsheets and scripts, and as an attacker or an accident makes them: byte-order
/// marks, CRLF, line breaks inside quotes, repeated rows, unknown series, fields that never close, and a million rows.
/// Good files read the same whatever their line ends; bad ones name the file and line; a huge one is refused where it
/// passes the documented limit, without the rest being read.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostileCsvTests(AzuriteServer azurite) : IDisposable
{
    // Irregular: any period fits, so a row is only ever refused for what the test means it to be.
    private const string SeriesCsv = "id,category,name,unit,frequency,source\ntraffic.x,traffic,X visits,visits,irregular,S\n";
    private const string ObservationsHeader = "series,period,measure,value,approximate,reported_by,note\n";
    private static readonly DateTimeOffset Now = new(2023, 10, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-hostile-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("\n", false)]
    [InlineData("\r\n", false)]
    [InlineData("\r\n", true)]
    [InlineData("\n", true)]
    [InlineData("\r", false)]
    public void A_bom_crlf_and_a_line_break_inside_quotes_read_the_same_as_plain_lf(string newline, bool bom)
    {
        var observations = (ObservationsHeader
            + "traffic.x,2023-07,level,100,false,S,\"first line\nsecond, with a comma and a \"\"quote\"\"\"\n"
            + "traffic.x,2023-08,level,90,false,S,\n").Replace("\n", newline, StringComparison.Ordinal);
        var series = SeriesCsv.Replace("\n", newline, StringComparison.Ordinal);

        var data = SeedFiles.Parse((bom ? "\uFEFF" : "") + series, (bom ? "\uFEFF" : "") + observations, [], Now);

        Assert.Equal("traffic.x", Assert.Single(data.Series).Id);
        Assert.Equal([100m, 90m], data.Observations.Select(o => o.Value));
        Assert.Equal($"first line{newline}second, with a comma and a \"quote\"", data.Observations[0].Note);
    }

    [Fact]
    public async Task A_bom_and_crlf_file_on_disk_imports_like_the_plain_one()
    {
        using var app = new TestApp(azurite.ConnectionString);
        var utf8Bom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);
        await File.WriteAllTextAsync(Path.Combine(_folder, "series.csv"), SeriesCsv.Replace("\n", "\r\n", StringComparison.Ordinal), utf8Bom);
        await File.WriteAllTextAsync(Path.Combine(_folder, "observations.csv"), (ObservationsHeader + "traffic.x,2023-07,level,100,false,S,\"a note\r\non two lines\"\r\n").Replace("\n", "\r\n", StringComparison.Ordinal).Replace("\r\r\n", "\r\n", StringComparison.Ordinal), utf8Bom);

        var result = await app.Importer.ImportAsync(_folder, CancellationToken.None);

        Assert.Equal(new ImportResult(1, 1, 0, 0), result);
        var stored = Assert.Single(await app.Metrics.GetObservationsAsync("traffic.x", null, null, CancellationToken.None));
        Assert.Equal("a note\r\non two lines", stored.Note);
    }

    [Theory]
    [InlineData("traffic.x,2023-07,level,1,false,S,\ntraffic.x,2023-07,level,2,false,T,\n", 3, "traffic.x 2023-07 level is already on line 2")]
    [InlineData("traffic.x,2023-07,level,1,false,S,\r\ntraffic.x,2023-08,level,1,false,S,\r\ntraffic.x,2023-07,level,1,false,S,\r\n", 4, "is already on line 2")]
    [InlineData("traffic.x,2023-07,level,1,false,S,\"two\nlines\"\ntraffic.x,2023-07,level,1,false,S,\n", 4, "is already on line 2")]
    [InlineData("traffic.nobody,2023-07,level,1,false,S,\n", 2, "'traffic.nobody' is unknown")]
    [InlineData("traffic.x,2023-07,level,1,false,S,\"never closed\ntraffic.x,2023-08,level,1,false,S,\n", 2, "a closing double quote")]
    [InlineData("traffic.x,2023-07,level,1,false,S,\"closed\"then text\n", 2, "a comma or the end of the line")]
    [InlineData("\uFEFFtraffic.x,2023-07,level,1,false,S,\n", 2, "'\uFEFFtraffic.x' is unknown")]
    public void Bad_rows_name_their_line(string rows, int line, string expected)
    {
        var error = Assert.Single(Assert.Throws<ImportException>(() => SeedFiles.Parse(SeriesCsv, ObservationsHeader + rows, [], Now)).Errors);

        Assert.Equal(("observations.csv", line), (error.File, error.Line));
        Assert.Contains(expected, error.Expected, StringComparison.Ordinal);
    }

    [Fact]
    public void A_field_that_never_closes_is_refused_at_the_field_limit_not_read_to_the_end()
    {
        using var reader = new GeneratedCsv(ObservationsHeader + "traffic.x,2023-07,level,1,false,S,\"", _ => new string('x', 1000), 1_000_000);

        var error = Assert.Single(Assert.Throws<ImportException>(() => SeedFiles.Parse(new StringReader(SeriesCsv), reader, [], Now, CancellationToken.None)).Errors);

        Assert.Equal(("observations.csv", 2, 7), (error.File, error.Line, error.Column));
        Assert.Contains("at most 65,536 characters", error.Expected, StringComparison.Ordinal);
        Assert.True(reader.CharsRead < 2 * CsvReader.MaxFieldLength, $"read {reader.CharsRead:N0} characters");
    }

    [Fact]
    public void A_million_rows_are_refused_where_they_pass_the_limit_without_reading_the_rest()
    {
        using var reader = new GeneratedCsv(ObservationsHeader, Row, 1_000_000);
        var before = GC.GetTotalMemory(forceFullCollection: true);

        var error = Assert.Single(Assert.Throws<ImportException>(() => SeedFiles.Parse(new StringReader(SeriesCsv), reader, [], Now, CancellationToken.None)).Errors);
        var after = GC.GetTotalMemory(forceFullCollection: true);

        Assert.Equal(("observations.csv", SeedFiles.MaxObservationRows + 2), (error.File, error.Line));
        Assert.Equal("observations.csv, line 100002, column 1: expected at most 100,000 rows after the header; there are more, and nothing past this line was read (split the file)", error.ToString());

        // It stopped reading one row past the limit (plus the reader's buffer), not at the millionth.
        var rowLength = Row(SeedFiles.MaxObservationRows + 2).Length;
        Assert.True(reader.CharsRead < ((SeedFiles.MaxObservationRows + 2L) * rowLength) + 64 * 1024, $"read {reader.CharsRead:N0} characters of {1_000_000L * rowLength:N0}");
        Assert.True(after - before < 64L * 1024 * 1024, $"kept {(after - before) / 1024 / 1024} MB after the refusal");
    }

    [Fact]
    public void Exactly_the_documented_number_of_rows_is_accepted()
    {
        using var reader = new GeneratedCsv(ObservationsHeader, Row, SeedFiles.MaxObservationRows);

        var data = SeedFiles.Parse(new StringReader(SeriesCsv), reader, [], Now, CancellationToken.None);

        Assert.Equal(SeedFiles.MaxObservationRows, data.Observations.Count);
    }

    [Fact]
    public async Task A_million_row_file_on_disk_is_refused_with_its_line_and_nothing_is_written()
    {
        using var app = new TestApp(azurite.ConnectionString);
        await File.WriteAllTextAsync(Path.Combine(_folder, "series.csv"), SeriesCsv);
        await using (var writer = new StreamWriter(Path.Combine(_folder, "observations.csv")))
        {
            await writer.WriteAsync(ObservationsHeader);
            for (var i = 1; i <= 1_000_000; i++)
            {
                await writer.WriteAsync(Row(i));
            }
        }

        var error = await Assert.ThrowsAsync<ImportException>(() => app.Importer.ImportAsync(_folder, CancellationToken.None));

        Assert.Equal(SeedFiles.MaxObservationRows + 2, Assert.Single(error.Errors).Line);
        Assert.Empty(await app.Metrics.GetSeriesAsync(CancellationToken.None));
        Assert.Empty(await app.Metrics.GetObservationsAsync("traffic.x", null, null, CancellationToken.None));
    }

    /// <summary>A distinct day per row (irregular series take any period), so no row repeats another.</summary>
    private static string Row(int i) =>
        string.Create(CultureInfo.InvariantCulture, $"traffic.x,{new DateOnly(1900, 1, 1).AddDays(i):yyyy-MM-dd},level,{i},false,S,\n");

    /// <summary>A CSV made as it is read, never held whole: a head, then rows on demand; counts what was read.</summary>
    private sealed class GeneratedCsv(string head, Func<int, string> row, int rows) : TextReader
    {
        private string _current = head;
        private int _position;
        private int _next = 1;

        public long CharsRead { get; private set; }

        public override int Peek() => Fill() ? _current[_position] : -1;

        public override int Read()
        {
            if (!Fill())
            {
                return -1;
            }

            CharsRead++;
            return _current[_position++];
        }

        private bool Fill()
        {
            while (_position >= _current.Length)
            {
                if (_next > rows)
                {
                    return false;
                }

                _current = row(_next++);
                _position = 0;
            }

            return true;
        }
    }
}
