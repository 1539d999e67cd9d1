using System.Globalization;
using LlmPulse.Collectors;
using LlmPulse.Storage;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// A collection as plain lines, for redirected output and NO_COLOR: one line when a source starts and one when it
/// ends (a terminal gets <see cref="CollectLiveView"/> instead).
/// </summary>
internal sealed class CollectProgressView(TextWriter output) : IProgress<CollectionProgress>
{
    private readonly object _gate = new();

    /// <summary>Reported synchronously by the collector, so lines come out in order.</summary>
    public void Report(CollectionProgress value)
    {
        lock (_gate)
        {
            if (value.Finished is { } run)
            {
                output.WriteLine(Plain(run));
            }
            else if (value.SeriesDone == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Source}: collecting {value.SeriesTotal} series"));
            }

            output.Flush();
        }
    }

    private static string Plain(RunRecord run) =>
        string.Create(CultureInfo.InvariantCulture, $"{run.Source}: {run.StatusText}; {Counts(run)}") + (run.Error is null ? "" : "; " + run.Error);

    private static string Counts(RunRecord run) =>
        string.Create(CultureInfo.InvariantCulture, $"periods {(run.PeriodsAsked.Length == 0 ? "-" : run.PeriodsAsked)}, {run.Written} written, {run.Revised} revised, {run.SeriesFailed} of {run.Series} series failed");
}
