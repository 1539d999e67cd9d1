using LlmPulse.Import;

namespace LlmPulse.Tests.Import;

public sealed class CsvReaderTests
{
    [Fact]
    public void Reads_quoted_fields_with_commas_quotes_and_line_breaks()
    {
        var records = CsvReader.Parse("a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n", "f.csv");

        Assert.Equal(2, records.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void Counts_lines_after_a_quoted_line_break_and_skips_blank_lines()
    {
        var records = CsvReader.Parse("h\n\"a\nb\"\n\nc", "f.csv");

        Assert.Equal([1, 2, 5], records.Select(r => r.Line));
    }

    [Fact]
    public void Keeps_empty_fields()
    {
        var records = CsvReader.Parse("a,b,c\n1,,\n", "f.csv");

        Assert.Equal(["1", "", ""], records[1].Fields);
    }

    [Fact]
    public void An_unterminated_quote_names_the_file_and_line_where_it_opens()
    {
        var error = Assert.Throws<ImportException>(() => CsvReader.Parse("a,b\n1,\"open\n2,3\n", "obs.csv"));

        var only = Assert.Single(error.Errors);
        Assert.Equal(("obs.csv", 2, 2), (only.File, only.Line, only.Column));
        Assert.Contains("closing double quote", error.Message);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error()
    {
        var error = Assert.Throws<ImportException>(() => CsvReader.Parse("a,b\n\"x\"y,2\n", "f.csv"));

        Assert.Equal(2, Assert.Single(error.Errors).Line);
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    public void Escape_quotes_only_when_needed(string field, string expected) => Assert.Equal(expected, CsvReader.Escape(field));
}
