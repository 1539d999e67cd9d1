using System.CommandLine;
using System.Globalization;
using LlmPulse.Briefings;
using LlmPulse.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse status [month]</c>: due or not, expected series present and missing, versions, deliveries.</summary>
internal static class StatusCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var month = new Argument<string?>("month") { Description = "The month, YYYY-MM; default the month that ended last.", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("status", "Say whether a month's briefing is due and why, which expected series are in, its stored versions and its deliveries.") { month };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var time = services.GetRequiredService<TimeProvider>();
            var target = parse.GetValue(month) is { } text ? BriefingMonth.Parse(text) : BriefingService.PreviousMonth(time.GetUtcNow());
            var status = await services.GetRequiredService<BriefingStatusService>().GetAsync(target, cancellationToken).ConfigureAwait(false);
            await WriteAsync(output, status).ConfigureAwait(false);
            return LlmPulseCommand.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, BriefingStatus status)
    {
        var r = status.Readiness;
        await output.WriteLineAsync($"Briefing {r.Month}: {(r.Due ? "due" : "not due")} ({r.Reason}).").ConfigureAwait(false);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Deadline: {r.Deadline.UtcDateTime:yyyy-MM-dd HH:mm}Z")).ConfigureAwait(false);
        await output.WriteLineAsync($"Expected series ({r.Expected.Count}):").ConfigureAwait(false);
        foreach (var e in r.Expected)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {(e.Present ? "present" : "MISSING"),-8} {e.SeriesId} ({e.Source}, expected by {e.ExpectedBy:yyyy-MM-dd})")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(status.Versions.Count == 0 ? "Stored versions: none" : "Stored versions:").ConfigureAwait(false);
        foreach (var v in status.Versions)
        {
            var revision = v.Provenance.RevisionOf is { } of ? $", revises v{of}: {string.Join("; ", v.Provenance.Changes)}" : "";
            var missing = v.Provenance.MissingSeries.Count > 0 ? $", rendered without {string.Join(", ", v.Provenance.MissingSeries)}" : "";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {v.Edition} v{v.Version}{(v.IsCurrent ? " (newest)" : "")}: {v.BlobName}, sha256 {v.Sha256}, generated {v.GeneratedAt:yyyy-MM-dd HH:mm}Z{revision}{missing}")).ConfigureAwait(false);
        }

        await output.WriteLineAsync(status.Deliveries.Count == 0 ? "Deliveries: none" : "Deliveries:").ConfigureAwait(false);
        foreach (var d in status.Deliveries)
        {
            var next = d.NextAttemptAt is { } at ? string.Create(CultureInfo.InvariantCulture, $", next attempt {at:yyyy-MM-dd HH:mm}Z") : "";
            await output.WriteLineAsync($"  {d.Subscriber} ({d.Channel}, {d.Edition} v{d.Version}): {d.Status.ToString().ToLowerInvariant()} after {d.Attempts} attempt(s){next}, id {d.DeliveryId}{(d.LastError is null ? "" : ", last error: " + d.LastError)}").ConfigureAwait(false);
        }
    }
}
