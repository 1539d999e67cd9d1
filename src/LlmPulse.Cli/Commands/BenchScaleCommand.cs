using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse bench-scale [--series 50,100,200,500] [--years 3] [--repeat 5] [--keep]</c>.</summary>
internal static class BenchScaleCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var series = new Option<string>("--series") { Description = "Numbers of series to time the build at, ascending, comma-separated.", DefaultValueFactory = _ => "50,100,200,500" };
        var years = new Option<int>("--years") { Description = "Years of daily observations per series.", DefaultValueFactory = _ => 3 };
        var repeat = new Option<int>("--repeat") { Description = "Model builds timed at each step; the figures are medians.", DefaultValueFactory = _ => 5 };
        var keep = new Option<bool>("--keep") { Description = "Keep each step's tables, and time the builds on the ones an earlier run kept instead of storing the series again." };
        var command = new Command("bench-scale", "Store synthetic daily series in steps on fresh tables and time the briefing model build (load included) at each number of series.") { series, years, repeat, keep };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var steps = ParseSteps(parse.GetValue(series)!);
            var yearCount = parse.GetValue(years);
            var repeats = parse.GetValue(repeat);
            if (yearCount is < 1 or > 20 || repeats < 1)
            {
                throw new FormatException("--years must be 1 to 20 and --repeat 1 or more.");
            }

            var benchmark = new ScaleBenchmark(services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IOptions<StorageOptions>>().Value);
            var report = await benchmark.RunAsync(steps, yearCount, repeats, parse.GetValue(keep), output, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(report.ToString()).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }

    private static int[] ParseSteps(string text)
    {
        var steps = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 5000 || (steps.Count > 0 && n <= steps[^1]))
            {
                throw new FormatException($"--series takes ascending numbers of series from 1 to 5000, comma-separated (such as 50,100,200,500); '{part}' is not one.");
            }

            steps.Add(n);
        }

        return steps.Count > 0 ? [.. steps] : throw new FormatException("--series needs at least one number of series.");
    }
}
