using System.CommandLine;
using System.Globalization;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// <c>llmpulse rollups rebuild [--series id]</c>: recomputes the months and days tables (monthly roll-ups, the month
/// copies of daily series' days and the month index) from the stored observations, for data stored before they
/// existed, and deletes what earlier versions kept of them elsewhere (in the observations table, and the month copies
/// in the months table). The work is <see cref="RollupRebuilder"/>'s.
/// </summary>
internal static class RollupsCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var series = new Option<string?>("--series") { Description = "Only this series (an id from 'llmpulse series'); all series when omitted." };
        var rebuild = new Command("rebuild", "Recompute monthly roll-ups, month copies of daily days and the month index from stored observations (and delete the old layout's rows); a rerun writes nothing.") { series };
        rebuild.SetAction(async (parse, cancellationToken) =>
        {
            var result = await services.GetRequiredService<RollupRebuilder>().RebuildAsync(parse.GetValue(series), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"Read {result.Series} series ({result.DailySeries} daily): {result.RollupsWritten} monthly roll-ups written, {result.RollupsUnchanged} already up to date; {result.DaysCopied} days copied to their months; {result.MonthsIndexed} months added to the month index{(result.OldRowsDeleted > 0 ? $"; {result.OldRowsDeleted} rows of the old layout deleted from the observations table" : "")}{(result.OldCopiesDeleted > 0 ? $"; {result.OldCopiesDeleted} month copies of the old layout deleted from the months table (now in the days table)" : "")}.")).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });

        return new Command("rollups", "Monthly roll-ups of daily series.") { rebuild };
    }
}
