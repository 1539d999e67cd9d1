using LlmPulse.Cli;
using LlmPulse.Cli.Commands;
using LlmPulse.Import;
using LlmPulse.Testing;

namespace LlmPulse.Collectors.Tests;

/// <summary>llmpulse collect, runs, series, observations and bench-ingest, as a user types them.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CliTests(AzuriteServer azurite)
{
    private const string RanksPath = "/api/ranks/domain/chatgpt.com";

    [Fact]
    public async Task Collect_writes_plain_lines_and_a_summary_table_when_output_is_redirected()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-03", 28), ("2023-10-04", 28))));

        var (exit, output, _) = await RunAsync(harness, interactive: false, "collect");

        Assert.Equal(LlmPulseCommand.Ok, exit);
        Assert.DoesNotContain('\u001b', output);
        Assert.DoesNotContain('\r', output);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tranco: collecting 1 series", lines[0]);
        Assert.Equal("tranco: succeeded; periods 2023-10-01..2023-10-05, 2 written, 0 revised, 0 of 1 series failed", lines[1]);
        Assert.Contains(lines, l => l.StartsWith("Source  Status", StringComparison.Ordinal) && l.EndsWith("Written  Revised  Failed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("tranco  succeeded", StringComparison.Ordinal) && l.EndsWith("2        0     0/1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Collect_shows_live_progress_per_source_in_a_terminal()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-04", 28))));

        var (exit, output, _) = await RunAsync(harness, interactive: true, "collect", "tranco");

        // Spectre.Console's live progress: the source's line as it goes and as it settles, then a drawn summary table.
        Assert.Equal(LlmPulseCommand.Ok, exit);
        Assert.Contains("\u001b[", output);
        Assert.Contains("0/1 series", output);
        Assert.Matches(@"tranco\s+\u001b\[[0-9;]*msucceeded", output);
        Assert.Contains("1/1 series  1 written  0 revised  0 failed", output);
        Assert.Contains("╭", output);
        Assert.Matches(@"│\u001b\[0m Total +\u001b\[90m│", output);
    }

    [Fact]
    public async Task Collect_exits_1_when_a_source_failed_and_prints_why()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, new FakeResponse(503, ""));

        var (exit, output, _) = await RunAsync(harness, interactive: false, "collect", "--from", "2023-10-01", "--to", "2023-10-04");

        Assert.Equal(LlmPulseCommand.Failed, exit);
        Assert.Contains("tranco: 1 of 1 series failed: traffic.chatgpt.tranco_rank: HTTP 503", output);
        Assert.Contains("1 of 1 sources failed", output);
    }

    [Theory]
    [InlineData(new[] { "collect", "nosuch" }, "no source 'nosuch' is configured; configured sources: tranco")]
    [InlineData(new[] { "collect", "--from", "2023-10-40" }, "--from '2023-10-40' is not a day")]
    [InlineData(new[] { "collect", "--from", "2023-10-05", "--to", "2023-10-01" }, "--from (2023-10-05) is after --to (2023-10-01)")]
    [InlineData(new[] { "collect", "--group", "weekly" }, "--group 'weekly' is not traffic, indexes or investment")]
    [InlineData(new[] { "observations", "traffic.none" }, "no series 'traffic.none' is stored")]
    public async Task Bad_input_is_a_one_line_error_with_exit_code_2(string[] args, string message)
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);

        var (exit, _, error) = await RunAsync(harness, interactive: false, args);

        Assert.Equal(LlmPulseCommand.BadInput, exit);
        Assert.Contains(message, error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Runs_series_and_observations_show_what_was_collected()
    {
        await using var server = await FakeSourceServer.StartAsync();
        using var harness = Tranco(server);
        server.On(RanksPath, FakeResponse.Json(Payloads.Tranco("chatgpt.com", ("2023-10-02", 29), ("2023-10-03", 28), ("2023-10-04", 27))));
        await RunAsync(harness, interactive: false, "collect");

        var runs = await RunAsync(harness, interactive: false, "runs");
        var series = await RunAsync(harness, interactive: false, "series");
        var observations = await RunAsync(harness, interactive: false, "observations", "traffic.chatgpt.tranco_rank", "--from", "2023-10-03");

        Assert.Equal((0, 0, 0), (runs.Exit, series.Exit, observations.Exit));
        Assert.Contains("2023-10-05 07:00:00  tranco  cli      succeeded  2023-10-01..2023-10-05        3        0", runs.Output);
        Assert.Contains("traffic.chatgpt.tranco_rank  traffic   rank  daily      Tranco  chatgpt.com rank", series.Output);

        var seedHeader = File.ReadLines(Path.Combine(AzuriteServer.RepositoryRoot, "seeds", "observations.csv")).First();
        var lines = observations.Output.TrimEnd().Split('\n');
        Assert.Equal(seedHeader, lines[0]);
        Assert.Equal(
            ["traffic.chatgpt.tranco_rank,2023-10-03,level,28,false,Tranco,Rank of chatgpt.com in the daily Tranco list",
             "traffic.chatgpt.tranco_rank,2023-10-04,level,27,false,Tranco,Rank of chatgpt.com in the daily Tranco list"],
            lines[1..]);

        // The output goes back in through the seed importer's validation as it is.
        var known = await harness.Metrics.GetSeriesAsync(CancellationToken.None);
        var parsed = SeedFiles.Parse(string.Join(',', SeedFiles.SeriesColumns), observations.Output, known, harness.Clock.Now);
        Assert.Equal(2, parsed.Observations.Count);
    }

    [Fact]
    public async Task Bench_ingest_prints_both_rates_their_ratio_and_the_machine_and_leaves_no_table_behind()
    {
        using var harness = new CollectorHarness(azurite.ConnectionString);

        var (exit, output, _) = await RunAsync(harness, interactive: false, "bench-ingest", "--observations", "600", "--series", "3");

        Assert.Equal(LlmPulseCommand.Ok, exit);
        Assert.Contains("Ingest benchmark: 600 observations over 3 series (200 each)", output);
        Assert.Matches(@"raw Azure\.Data\.Tables batches: +[\d,]+ observations/s", output);
        Assert.Matches(@"collector write path: +[\d,]+ observations/s", output);
        Assert.Matches(@"ratio: \d+(\.\d)?% of the raw rate", output);
        Assert.Contains("Machine: ", output);
        var tables = new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString);
        await foreach (var table in tables.QueryAsync())
        {
            Assert.False(table.Name.StartsWith("bench", StringComparison.Ordinal), $"{table.Name} was left behind");
        }
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(CollectorHarness harness, bool interactive, params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services => harness.Register(services, new CliTerminal(interactive)));
        return (exit, output.ToString(), error.ToString());
    }

    private CollectorHarness Tranco(FakeSourceServer server)
    {
        var harness = new CollectorHarness(azurite.ConnectionString);
        var source = harness.AddSource("tranco", "tranco", server.Url, "Tranco", since: "2023-10-01");
        source.Series["traffic.chatgpt.tranco_rank"] = CollectorHarness.Series("chatgpt.com rank", "traffic", "rank", "daily", ("Domain", "chatgpt.com"));
        return harness;
    }
}
