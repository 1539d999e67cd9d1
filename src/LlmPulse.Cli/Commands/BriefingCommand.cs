using System.CommandLine;
using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse briefing &lt;month|latest&gt; [--out FILE|DIR] [--force] [--lang xx]</c>.</summary>
internal static class BriefingCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var month = new Argument<string>("month") { Description = "The month to brief, YYYY-MM, or 'latest' for the latest month in the data." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Also write the PDF to this file (or into this existing folder)." };
        var force = new Option<bool>("--force") { Description = "Render again even if the month is stored; the earlier version is kept." };
        var lang = new Option<string>("--lang") { Description = "Edition language code.", DefaultValueFactory = _ => BriefingKey.DefaultEdition };
        var command = new Command("briefing", "Build the month's briefing and store it in Blob Storage (unless it is stored already), and optionally write it to a file.") { month, outFile, force, lang };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var service = services.GetRequiredService<BriefingService>();
            StartupTrace.Mark("briefing service resolved");
            var target = await MonthArgument.ResolveAsync(service, parse.GetValue(month)!, cancellationToken).ConfigureAwait(false);
            var key = new BriefingKey(target, parse.GetValue(lang)!);
            var result = await service.CreateAsync(key, parse.GetValue(force), cancellationToken).ConfigureAwait(false);
            StartupTrace.Mark("briefing created");
            var stored = result.Stored;
            var store = services.GetRequiredService<BriefingStore>();
            var what = result.Created ? "rendered and stored" : "already stored, not rendered again (--force renders a new version)";
            await output.WriteLineAsync($"Briefing {key}, version {stored.Version}: {what}; {stored.Bytes:N0} bytes, sha256 {stored.Sha256}, data as of {stored.DataAsOf:yyyy-MM-dd}.").ConfigureAwait(false);
            await output.WriteLineAsync($"Stored blob: {store.Endpoint}/{stored.BlobName}").ConfigureAwait(false);
            if (parse.GetValue(outFile) is { } file)
            {
                var path = Directory.Exists(file.FullName) ? Path.Combine(file.FullName, key.FileName) : file.FullName;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, result.Content, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"Wrote file: {path}").ConfigureAwait(false);
            }

            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
