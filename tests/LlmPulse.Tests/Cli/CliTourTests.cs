using System.Text.Json;
using LlmPulse.Cli;
using LlmPulse.Cli.Commands;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Tests.Cli;

/// <summary>The help tour, 'open', --json listings and the terminal/plain output switch, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliTourTests(AzuriteServer azurite) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmpulse-cli-tour-").FullName;
    private readonly StorageOptions _storage = StorageNames.Unique(azurite.ConnectionString);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Exit, string Out, string Err)> RunAsync(CliTerminal? terminal, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services =>
        {
            TestApp.ConfigureCli(services, _storage, TimeProvider.System);
            if (terminal is not null)
            {
                services.AddSingleton(terminal);
            }
        });
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task The_help_tour_fits_one_screen_and_shows_every_command_with_an_example(params string[] args)
    {
        var (exit, output, _) = await RunAsync(null, args);

        Assert.Equal(LlmPulseCommand.Ok, exit);
        var lines = output.TrimEnd().Split('\n');
        Assert.InRange(lines.Length, 10, 24);
        Assert.All(lines, line => Assert.True(line.Length <= 100, $"{line.Length} columns: {line}"));

        using var services = new ServiceCollection().BuildServiceProvider();
        var commands = LlmPulseCommand.BuildRoot(services, TextWriter.Null).Subcommands.Select(c => c.Name).ToList();
        Assert.Contains("open", commands);
        Assert.All(commands, name => Assert.Contains($"llmpulse {name}", output, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_command_keeps_its_own_help()
    {
        var (exit, output, _) = await RunAsync(null, "open", "--help");

        Assert.Equal(LlmPulseCommand.Ok, exit);
        Assert.Contains("--out", output, StringComparison.Ordinal);
        Assert.Contains("--lang", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_writes_the_stored_pdf_and_its_cover_png_and_prints_their_paths()
    {
        Assert.Equal(0, (await RunAsync(null, "import", TestApp.SeedsFolder)).Exit);

        var (exit, output, error) = await RunAsync(null, "open", "2023-09", "--out", Path.Combine(_dir, "out"));

        Assert.Equal((LlmPulseCommand.Ok, ""), (exit, error));
        var pdf = Path.Combine(_dir, "out", "llmpulse-2023-09.pdf");
        var png = Path.Combine(_dir, "out", "llmpulse-2023-09.cover.png");
        Assert.Equal([$"PDF:   {pdf}", $"Cover: {png}"], output.TrimEnd().Split('\n'));
        Assert.StartsWith("%PDF-", await File.ReadAllTextAsync(pdf), StringComparison.Ordinal);

        using var app = new TestApp(_storage);
        var stored = (await app.Briefings.GetAsync(new BriefingKey(global::LlmPulse.Briefings.BriefingMonth.Parse("2023-09")), CancellationToken.None))!;
        Assert.Equal(await app.Briefings.ReadAsync(stored, CancellationToken.None), await File.ReadAllBytesAsync(pdf));
        Assert.Equal((await app.Briefings.ReadCoverAsync(stored.Sha256, CancellationToken.None))!.Png, await File.ReadAllBytesAsync(png));
    }

    [Fact]
    public async Task Open_names_a_bad_month_in_one_line_with_exit_code_2()
    {
        var (exit, _, error) = await RunAsync(null, "open", "2023-13");

        Assert.Equal(LlmPulseCommand.BadInput, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Contains("'2023-13' is not a month", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_a_terminal_the_error_line_has_a_red_prefix_and_still_one_line()
    {
        var (exit, _, error) = await RunAsync(new CliTerminal(Interactive: true), "open", "2023-13");

        Assert.Equal(LlmPulseCommand.BadInput, exit);
        Assert.Single(error.TrimEnd().Split('\n'));
        Assert.Matches(@"^\u001b\[[0-9;]*mllmpulse:\u001b\[0m '2023-13' is not a month", error);
    }

    [Fact]
    public async Task Listings_print_json_for_scripts()
    {
        Assert.Equal(0, (await RunAsync(null, "import", TestApp.SeedsFolder)).Exit);

        var series = await RunAsync(null, "series", "--json");
        var runs = await RunAsync(null, "runs", "--json");
        var deliveries = await RunAsync(null, "deliveries", "--json");

        Assert.Equal((0, 0, 0), (series.Exit, runs.Exit, deliveries.Exit));
        var list = JsonDocument.Parse(series.Out).RootElement;
        Assert.Equal(26, list.GetArrayLength());
        var visits = list.EnumerateArray().Single(s => s.GetProperty("id").GetString() == "traffic.chatgpt.visits.world");
        Assert.Equal("traffic", visits.GetProperty("category").GetString());
        Assert.Equal("monthly", visits.GetProperty("frequency").GetString());
        Assert.Equal(0, JsonDocument.Parse(runs.Out).RootElement.GetArrayLength());
        Assert.Equal(0, JsonDocument.Parse(deliveries.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task A_terminal_gets_a_drawn_table_and_no_color_or_a_redirect_gets_plain_columns()
    {
        Assert.Equal(0, (await RunAsync(null, "import", TestApp.SeedsFolder)).Exit);

        var terminal = await RunAsync(new CliTerminal(Interactive: true), "series");
        var noColor = await RunAsync(new CliTerminal(Interactive: true, NoColor: true), "series");
        var redirected = await RunAsync(new CliTerminal(Interactive: false), "series");

        Assert.Contains("╭", terminal.Out, StringComparison.Ordinal);
        Assert.Contains("\u001b[", terminal.Out, StringComparison.Ordinal);
        Assert.Contains("traffic.chatgpt.visits.world", terminal.Out, StringComparison.Ordinal);
        foreach (var plain in new[] { noColor.Out, redirected.Out })
        {
            Assert.DoesNotContain('\u001b', plain);
            Assert.DoesNotContain("╭", plain, StringComparison.Ordinal);
            Assert.StartsWith("Id ", plain, StringComparison.Ordinal);
            Assert.Matches(@"\ntraffic\.chatgpt\.visits\.world +traffic +visits +monthly", plain);
        }
    }
}
