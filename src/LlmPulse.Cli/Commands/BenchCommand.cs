using LlmPulse.Briefings;
using LlmPulse.Import;
using Microsoft.Extensions.DependencyInjection;
using System.CommandLine;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse bench [--seeds DIR] [--month M] [--iterations N]</c>.</summary>
internal static class BenchCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var seeds = new Option<DirectoryInfo?>("--seeds") { Description = "Import this seed folder first (default: ./seeds when it exists)." };
        var month = new Option<string?>("--month") { Description = "Month to render (default: latest month in the data)." };
        var lang = new Option<string?>("--lang") { Description = "Only this edition (default: every edition, one after the other)." };
        var iterations = new Option<int>("--iterations") { Description = "Renders to time.", DefaultValueFactory = _ => 50 };
        var command = new Command("bench", "Render the briefing many times in one process and print median/max render time, PDF size and peak memory.") { seeds, month, iterations, lang };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetValue(seeds) ?? new DirectoryInfo("seeds");
            if (folder.Exists)
            {
                await services.GetRequiredService<SeedImporter>().ImportAsync(folder.FullName, cancellationToken).ConfigureAwait(false);
            }

            var service = services.GetRequiredService<BriefingService>();
            var target = await MonthArgument.ResolveAsync(service, parse.GetValue(month) ?? "latest", cancellationToken).ConfigureAwait(false);
            var benchmark = new RenderBenchmark(service, services.GetRequiredService<Briefings.IBriefingRenderer>());
            var editions = parse.GetValue(lang) is { } code ? [code] : Editions.Available;
            foreach (var edition in editions)
            {
                var report = await benchmark.RunAsync(target, Editions.Language(edition), Math.Max(1, parse.GetValue(iterations)), cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(report.ToString()).ConfigureAwait(false);
            }
            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
