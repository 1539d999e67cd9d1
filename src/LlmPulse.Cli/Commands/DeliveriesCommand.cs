using System.CommandLine;
using System.Globalization;
using LlmPulse.Delivery;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse deliveries</c> and <c>llmpulse send &lt;month&gt; [--to name]</c>.</summary>
internal static class DeliveriesCommand
{
    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var max = new Option<int>("--max") { Description = "How many to show.", DefaultValueFactory = _ => 50 };
        var command = new Command("deliveries", "Show the delivery ledger, most recent attempt first.") { max };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var records = await services.GetRequiredService<DeliveryLedger>().ListAsync(Math.Max(1, parse.GetValue(max)), cancellationToken).ConfigureAwait(false);
            if (records.Count == 0)
            {
                await output.WriteLineAsync("No deliveries yet.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            await output.WriteLineAsync($"{"month",-8} {"subscriber",-20} {"channel",-8} {"edition",-7} {"version",7} {"status",-8} {"attempts",8}  last attempt / error").ConfigureAwait(false);
            foreach (var r in records)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Month,-8} {r.Subscriber,-20} {r.Channel,-8} {r.Edition,-7} {r.Version,7} {r.Status,-8} {r.Attempts,8}  {r.LastAttemptAt:yyyy-MM-dd HH:mm}Z{(r.LastError is null ? "" : " " + r.LastError)}")).ConfigureAwait(false);
            }

            return LlmPulseCommand.Ok;
        });
        return command;
    }

    public static Command CreateSend(IServiceProvider services, TextWriter output)
    {
        var month = new Argument<string>("month") { Description = "The month whose stored briefing to send, YYYY-MM." };
        var to = new Option<string?>("--to") { Description = "Only this subscriber (by name)." };
        var command = new Command("send", "Send a stored briefing now to every subscriber (or one), even those who had it.") { month, to };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var outcomes = await services.GetRequiredService<DeliveryService>()
                .DeliverAsync(Briefings.BriefingMonth.Parse(parse.GetValue(month)!), parse.GetValue(to), resend: true, cancellationToken).ConfigureAwait(false);
            await WriteOutcomesAsync(output, outcomes).ConfigureAwait(false);
            return outcomes.Any(o => o.Status == DeliveryStatus.Failed) ? LlmPulseCommand.Failed : LlmPulseCommand.Ok;
        });
        return command;
    }

    public static async Task WriteOutcomesAsync(TextWriter output, IReadOnlyList<DeliveryOutcome> outcomes)
    {
        if (outcomes.Count == 0)
        {
            await output.WriteLineAsync("  no subscribers configured (Delivery:Subscribers)").ConfigureAwait(false);
            return;
        }

        foreach (var o in outcomes)
        {
            await output.WriteLineAsync($"  {o.Month} -> {o.Subscriber} ({o.Edition}): {o.Detail}").ConfigureAwait(false);
        }
    }
}
