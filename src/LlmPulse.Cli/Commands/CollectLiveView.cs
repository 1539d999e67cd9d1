using LlmPulse.Collectors;
using LlmPulse.Storage;
using Spectre.Console;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// A collection as it goes, in a terminal: one live Spectre.Console progress line per source with its series done
/// and the observations written, revised and failed so far, settling on the source's status when it ends.
/// </summary>
internal sealed class CollectLiveView(ProgressContext context) : IProgress<CollectionProgress>
{
    private readonly Dictionary<string, ProgressTask> _tasks = new(StringComparer.Ordinal);
    private readonly object _gate = new();

    public void Report(CollectionProgress value)
    {
        lock (_gate)
        {
            if (!_tasks.TryGetValue(value.Source, out var task))
            {
                task = context.AddTask(Describe(value), maxValue: Math.Max(1, value.SeriesTotal));
                _tasks[value.Source] = task;
            }

            task.MaxValue = Math.Max(1, value.SeriesTotal);
            task.Value = value.SeriesDone;
            if (value.Finished is { } run)
            {
                task.Description = Settled(run);
                task.Value = task.MaxValue;
                task.StopTask();
            }
            else
            {
                task.Description = Describe(value);
            }

            context.Refresh();
        }
    }

    private static string Describe(CollectionProgress p) =>
        $"{Markup.Escape(p.Source),-22} {p.SeriesDone}/{p.SeriesTotal} series  {p.Written} written  {p.Revised} revised  {p.SeriesFailed} failed";

    private static string Settled(RunRecord run)
    {
        var color = run.Status switch
        {
            RunStatus.Succeeded => "green",
            RunStatus.Failed => "red",
            _ => "yellow",
        };
        return $"{Markup.Escape(run.Source),-22} [{color}]{Markup.Escape(run.StatusText)}[/]  {run.Series - run.SeriesFailed}/{run.Series} series  {run.Written} written  {run.Revised} revised  {run.SeriesFailed} failed";
    }
}
