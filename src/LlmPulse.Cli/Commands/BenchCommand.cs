using System.CommandLine;
using System.Globalization;
using LlmPulse.Briefings;
using LlmPulse.Import;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse bench [--seeds DIR] [--month M] [--iterations N] [--lang xx] [--cold N] [--native FILE]</c>.</summary>
internal static class BenchCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var seeds = new Option<DirectoryInfo?>("--seeds") { Description = "Import this seed folder first (default: ./seeds when it exists)." };
        var month = new Option<string?>("--month") { Description = "Month to render (default: latest month in the data)." };
        var lang = new Option<string?>("--lang") { Description = "Only this edition (default: every edition, one after the other)." };
        var iterations = new Option<int>("--iterations") { Description = "Renders to time.", DefaultValueFactory = _ => 50 };
        var cold = new Option<int>("--cold") { Description = "Fresh `llmpulse briefing <month> --force` processes to time (0: none).", DefaultValueFactory = _ => 10 };
        var native = new Option<FileInfo?>("--native") { Description = "Also time this natively compiled llmpulse (./run.sh bench builds one) in fresh processes." };
        var command = new Command("bench", "Render the briefing many times in one process (median/max render time, PDF size, memory), then time fresh briefing processes, and print a summary against the targets.") { seeds, month, iterations, lang, cold, native };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var coldRuns = parse.GetValue(cold);
            if (coldRuns < 0)
            {
                throw new FormatException("--cold takes a number of processes, 0 or more.");
            }

            var nativeFile = parse.GetValue(native);
            if (nativeFile is { Exists: false })
            {
                throw new FormatException($"--native {nativeFile.FullName}: no such file (./run.sh bench builds it as .build/llmpulse-native/llmpulse).");
            }

            var folder = parse.GetValue(seeds) ?? new DirectoryInfo("seeds");
            if (folder.Exists)
            {
                await services.GetRequiredService<SeedImporter>().ImportAsync(folder.FullName, cancellationToken).ConfigureAwait(false);
            }

            var service = services.GetRequiredService<BriefingService>();
            var target = await MonthArgument.ResolveAsync(service, parse.GetValue(month) ?? "latest", cancellationToken).ConfigureAwait(false);
            var benchmark = new RenderBenchmark(service, services.GetRequiredService<IBriefingRenderer>());
            var editions = parse.GetValue(lang) is { } code ? [code] : Editions.Available;
            var renders = new List<RenderBenchmarkReport>();
            foreach (var edition in editions)
            {
                var report = await benchmark.RunAsync(target, Editions.Language(edition), Math.Max(1, parse.GetValue(iterations)), cancellationToken).ConfigureAwait(false);
                renders.Add(report);
                await output.WriteLineAsync(report.ToString()).ConfigureAwait(false);
            }

            var coldReports = new List<ColdStartReport>();
            if (coldRuns > 0)
            {
                var coldStart = new ColdStartBenchmark(services.GetRequiredService<StorageClients>());
                string?[] executables = nativeFile is null ? [null] : [null, nativeFile.FullName];
                foreach (var executable in executables)
                {
                    var report = await coldStart.RunAsync(target, editions[0], coldRuns, executable, output, cancellationToken).ConfigureAwait(false);
                    coldReports.Add(report);
                    await output.WriteLineAsync(report.ToString()).ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync(Summary(renders, coldReports)).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }

    /// <summary>The table of targets, with this run's medians.</summary>
    private static string Summary(IReadOnlyList<RenderBenchmarkReport> renders, IReadOnlyList<ColdStartReport> colds)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = new List<string>
        {
            "Summary (medians; the machine is shared, so CPU times are given beside wall times)",
            "| figure | measured | target |",
            "| --- | --- | --- |",
        };
        foreach (var r in renders)
        {
            rows.Add(string.Create(c, $"| warm render, {r.Month}, {r.Edition}, median of {r.Iterations} | {r.MedianMs:F1} ms (CPU {r.MedianCpuMs:F1} ms) | <= 15 ms |"));
        }

        foreach (var cold in colds)
        {
            rows.Add(string.Create(c, $"| cold `{cold.Command}`, {cold.Build} llmpulse, wall, median of {cold.Runs.Count} | {cold.MedianWallMs:F0} ms{(cold.MedianCpuMs is { } cpu ? string.Create(c, $" (CPU {cpu:F0} ms)") : "")} | <= 400 ms |"));
            rows.Add(string.Create(c, $"| its peak memory | {(cold.MedianPeakBytes is { } peak ? string.Create(c, $"{peak / (1024.0 * 1024.0):F0} MB") : "not measured (needs GNU time as /usr/bin/time: apt-get install time)")} | <= 80 MB |"));
        }

        foreach (var r in renders)
        {
            var limit = r.Edition == BriefingKey.DefaultEdition ? "<= 60 KB" : "<= 80 KB";
            rows.Add(string.Create(c, $"| PDF size, {r.Month}, {r.Edition} | {r.PdfBytes / 1024.0:F1} KB | {limit} |"));
        }

        rows.Add("| Functions host start to first 200 on GET /api/briefings/{month} | not measurable here: no Functions host (func) on this machine; the cold process above is the worker-side proxy | measured, and cut in half |");
        rows.Add("| model build, 500 series x 3 years of daily data | `llmpulse bench-scale` (./run.sh bench runs it next, on an in-memory Azurite) | <= 200 ms, within 2x from 50 to 500 series |");
        rows.Add("Machine: " + BenchmarkFigures.Machine());
        return string.Join(Environment.NewLine, rows);
    }
}
