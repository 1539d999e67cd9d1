namespace LlmPulse.Cli.Commands;

/// <summary>
/// <c>llmpulse --help</c> (or no arguments): one screen that shows what the tool does, in the order a new user
/// needs it, with an example per line. <c>llmpulse &lt;command&gt; --help</c> gives a command's options.
/// </summary>
internal static class HelpTour
{
    public static readonly IReadOnlyList<(string Command, string Example, string What)> Steps =
    [
        ("import", "llmpulse import seeds", "load seeds/ (every row checked first)"),
        ("collect", "llmpulse collect tranco --from 2024-01", "run collectors: live progress, a summary"),
        ("series", "llmpulse series --json", "the stored series"),
        ("observations", "llmpulse observations <series> --from 2023", "a series' figures as seed-shaped CSV"),
        ("rollups", "llmpulse rollups rebuild --series <id>", "months from stored days, for older data"),
        ("runs", "llmpulse runs --source tranco", "collector runs: status, counts, errors"),
        ("briefing", "llmpulse briefing 2023-09 --lang ar", "build and store a month's PDF"),
        ("open", "llmpulse open latest --out out/", "write the PDF and cover PNG, print paths"),
        ("monthly", "llmpulse monthly --as-of 2023-10-01T07:00Z", "what the monthly timer does"),
        ("status", "llmpulse status 2023-09", "due or waiting, missing series, versions"),
        ("send", "llmpulse send 2023-09 --to reader", "deliver a stored briefing again now"),
        ("deliveries", "llmpulse deliveries --json", "the delivery ledger"),
        ("bench", "llmpulse bench --cold 5", "render benchmark, warm and cold processes"),
        ("bench-scale", "llmpulse bench-scale", "model build time from 50 to 500 series"),
        ("bench-ingest", "llmpulse bench-ingest", "the ingestion benchmark"),
        ("bench-daily", "llmpulse bench-daily", "render with years of generated daily series"),
    ];

    public static async Task WriteAsync(TextWriter output)
    {
        await output.WriteLineAsync("llmpulse: monthly briefings on the large-language-model market.").ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        var width = Steps.Max(s => s.Example.Length);
        foreach (var (_, example, what) in Steps)
        {
            await output.WriteLineAsync($"  {example.PadRight(width)}  {what}").ConfigureAwait(false);
        }

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync("Listings take --json; output is plain when redirected or when NO_COLOR is set.").ConfigureAwait(false);
        await output.WriteLineAsync("Storage: Storage__ConnectionString, else Azurite on 127.0.0.1 (./run.sh starts one).").ConfigureAwait(false);
        await output.WriteLineAsync("Exit codes: 0 done, 1 a run had failures, 2 bad input, 3 storage unreachable.").ConfigureAwait(false);
        await output.WriteLineAsync("'llmpulse <command> --help' shows a command's options.").ConfigureAwait(false);
    }
}
