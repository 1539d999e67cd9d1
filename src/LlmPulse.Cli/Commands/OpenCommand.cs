using System.CommandLine;
using LlmPulse.Briefings;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// <c>llmpulse open &lt;month|latest&gt; [--lang xx] [--out DIR]</c>: the stored briefing (rendered and stored first if
/// it is not yet) written out as its PDF and its cover PNG, with their paths printed for a viewer to open.
/// </summary>
internal static class OpenCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var month = new Argument<string>("month") { Description = "The month, YYYY-MM, or 'latest'." };
        var lang = new Option<string>("--lang") { Description = "Edition language code.", DefaultValueFactory = _ => BriefingKey.DefaultEdition };
        var outDir = new Option<DirectoryInfo>("--out") { Description = "The folder to write into (created if missing); default: the current folder.", DefaultValueFactory = _ => new DirectoryInfo(".") };
        var command = new Command("open", "Write the month's stored briefing (PDF) and its cover picture (PNG) to a folder and print their paths.") { month, lang, outDir };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var service = services.GetRequiredService<BriefingService>();
            var target = await MonthArgument.ResolveAsync(service, parse.GetValue(month)!, cancellationToken).ConfigureAwait(false);
            var key = new BriefingKey(target, parse.GetValue(lang)!);
            var result = await service.CreateAsync(key, force: false, cancellationToken).ConfigureAwait(false);
            var folder = parse.GetValue(outDir)!;
            Directory.CreateDirectory(folder.FullName);

            var pdfPath = Path.Combine(folder.FullName, key.FileName);
            await File.WriteAllBytesAsync(pdfPath, result.Content, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"PDF:   {pdfPath}").ConfigureAwait(false);

            var cover = await services.GetRequiredService<BriefingStore>().ReadCoverAsync(result.Stored.Sha256, cancellationToken).ConfigureAwait(false);
            if (cover is null)
            {
                await output.WriteLineAsync($"Cover: none stored for version {result.Stored.Version} (stored before covers were); 'llmpulse briefing {key.Month} --force' renders a version with one.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            var pngPath = Path.Combine(folder.FullName, Path.ChangeExtension(key.FileName, ".cover.png"));
            await File.WriteAllBytesAsync(pngPath, cover.Png, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"Cover: {pngPath}").ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }
}
