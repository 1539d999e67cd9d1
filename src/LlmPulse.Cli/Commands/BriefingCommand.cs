using LlmPulse.Briefings;
using LlmPulse.Import;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;
using System.CommandLine;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse briefing &lt;month|latest&gt; [--out FILE|DIR]</c>.</summary>
internal static class BriefingCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var month = new Argument<string>("month") { Description = "The month to brief, YYYY-MM, or 'latest' for the latest month in the data." };
        var outFile = new Option<FileInfo?>("--out") { Description = "Also write the PDF to this file (or into this existing folder)." };
        var command = new Command("briefing", "Build the monthly briefing, store it in Blob Storage and optionally write it to a file.") { month, outFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var service = services.GetRequiredService<BriefingService>();
            var target = await MonthArgument.ResolveAsync(service, parse.GetValue(month)!, cancellationToken).ConfigureAwait(false);
            var result = await service.CreateAsync(target, cancellationToken).ConfigureAwait(false);
            var stored = result.Stored;
            var store = services.GetRequiredService<BriefingStore>();
            await output.WriteLineAsync($"Briefing {target}: {stored.Bytes:N0} bytes, sha256 {stored.Sha256}, data as of {stored.DataAsOf:yyyy-MM-dd}.").ConfigureAwait(false);
            await output.WriteLineAsync($"Stored blob: {store.Endpoint}/{stored.BlobName}").ConfigureAwait(false);
            if (parse.GetValue(outFile) is { } file)
            {
                var path = Directory.Exists(file.FullName) ? Path.Combine(file.FullName, $"llmpulse-{target}.pdf") : file.FullName;
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllBytesAsync(path, result.Content, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"Wrote file: {path}").ConfigureAwait(false);
            }

            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
