using LlmPulse.Briefings;
using LlmPulse.Import;
using Microsoft.Extensions.DependencyInjection;
using System.CommandLine;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse import &lt;folder&gt;</c>.</summary>
internal static class ImportCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var folder = new Argument<DirectoryInfo>("folder") { Description = "A folder holding series.csv and observations.csv." };
        var command = new Command("import", "Validate and import series.csv and observations.csv from a folder (idempotent; writes nothing if any row is bad).") { folder };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var directory = parse.GetValue(folder)!;
            if (!directory.Exists)
            {
                throw new DirectoryNotFoundException($"folder '{directory.FullName}' does not exist.");
            }

            var result = await services.GetRequiredService<SeedImporter>().ImportAsync(directory.FullName, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(
                $"Imported {directory.Name}: {result.SeriesWritten} series written, {result.ObservationsAdded} observations added, {result.ObservationsUpdated} updated, {result.ObservationsUnchanged} unchanged{(result.ObservationsKept > 0 ? $", {result.ObservationsKept} kept (another reporter's figure was stored)" : "")}.").ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
