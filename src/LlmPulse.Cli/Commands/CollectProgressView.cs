using System.Globalization;
using LlmPulse.Collectors;
using LlmPulse.Storage;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// Shows a collection as it goes. In a terminal, each source has one line that is redrawn as its series come in
/// and settles when the source is done; redirected, a plain line when a source starts and one when it ends.
/// </summary>
internal sealed class CollectProgressView(TextWriter output, bool interactive) : IProgress<CollectionProgress>
{
    private const string ClearLine = "\r\u001b[2K";
    private const string Green = "\u001b[32m";
    private const string Red = "\u001b[31m";
    private const string Yellow = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    private readonly object _gate = new();

    /// <summary>Reported synchronously by the collector, so lines come out in order.</summary>
    public void Report(CollectionProgress value)
    {
        lock (_gate)
        {
            if (value.Finished is { } run)
            {
                output.WriteLine(interactive ? ClearLine + Settled(run) : Plain(run));
            }
            else if (interactive)
            {
                output.Write(ClearLine + Live(value));
            }
            else if (value.SeriesDone == 0)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{value.Source}: collecting {value.SeriesTotal} series"));
            }

            output.Flush();
        }
    }

    private static string Live(CollectionProgress p)
    {
        const int width = 20;
        var filled = p.SeriesTotal == 0 ? width : p.SeriesDone * width / p.SeriesTotal;
        var bar = new string('#', filled) + new string('.', width - filled);
        return string.Create(CultureInfo.InvariantCulture, $"  {p.Source,-22} [{bar}] {p.SeriesDone}/{p.SeriesTotal} series  {p.Written} written  {p.Revised} revised  {p.SeriesFailed} failed");
    }

    private static string Settled(RunRecord run)
    {
        var (mark, color) = run.Status switch
        {
            RunStatus.Succeeded => ("ok", Green),
            RunStatus.Failed => ("!!", Red),
            _ => ("--", Yellow),
        };
        return string.Create(CultureInfo.InvariantCulture, $"{color}{mark}{Reset} {run.Source,-22} {color}{run.StatusText}{Reset}  {Counts(run)}");
    }

    private static string Plain(RunRecord run) =>
        string.Create(CultureInfo.InvariantCulture, $"{run.Source}: {run.StatusText}; {Counts(run)}") + (run.Error is null ? "" : "; " + run.Error);

    private static string Counts(RunRecord run) =>
        string.Create(CultureInfo.InvariantCulture, $"periods {(run.PeriodsAsked.Length == 0 ? "-" : run.PeriodsAsked)}, {run.Written} written, {run.Revised} revised, {run.SeriesFailed} of {run.Series} series failed");
}
