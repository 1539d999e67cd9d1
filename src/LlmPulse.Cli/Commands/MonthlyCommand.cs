using System.CommandLine;
using System.Globalization;
using LlmPulse.Delivery;
using LlmPulse.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary>
/// <c>llmpulse monthly [--as-of ISO]</c>: one reconciler step at that moment, exactly as the timer does it, then the
/// delivery queue drained in this process, so one command does the whole job without the Functions host.
/// </summary>
internal static class MonthlyCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var asOf = new Option<string?>("--as-of") { Description = "Run as if it were this moment (ISO 8601, e.g. 2023-10-01T07:00:00Z); default now." };
        var command = new Command("monthly", "One reconciler step: render each recent month's briefing once it is due (and new versions when its figures changed), queue deliveries, then deliver them.") { asOf };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var now = parse.GetValue(asOf) is { } text
                ? DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed)
                    ? parsed
                    : throw new FormatException($"'{text}' is not a date-time: expected ISO 8601, for example 2023-10-01T07:00:00Z.")
                : services.GetRequiredService<TimeProvider>().GetUtcNow();
            var result = await services.GetRequiredService<MonthlyRun>().RunAsync(now, cancellationToken).ConfigureAwait(false);
            result = result.WithDeliveries(await services.GetRequiredService<DeliveryService>().DrainAsync(cancellationToken).ConfigureAwait(false));
            await output.WriteLineAsync($"Monthly run as of {now:yyyy-MM-dd HH:mm}Z: months with data {(result.Months.Count == 0 ? "none" : string.Join(", ", result.Months))}.").ConfigureAwait(false);
            foreach (var step in result.Steps)
            {
                await output.WriteLineAsync($"  {step.Month}: {step.Action}").ConfigureAwait(false);
            }

            foreach (var rendered in result.Rendered)
            {
                await output.WriteLineAsync($"  rendered {rendered.Key}: {rendered.BlobName}, {rendered.Bytes:N0} bytes").ConfigureAwait(false);
            }

            if (result.Rendered.Count == 0)
            {
                await output.WriteLineAsync("  nothing to render: every due month is stored and up to date").ConfigureAwait(false);
            }

            foreach (var failure in result.Failures)
            {
                await output.WriteLineAsync($"  FAILED {failure}").ConfigureAwait(false);
            }

            await DeliveriesCommand.WriteOutcomesAsync(output, result.Deliveries).ConfigureAwait(false);
            return result.Succeeded ? LlmPulseCommand.Ok : LlmPulseCommand.Failed;
        });
        return command;
    }
}
