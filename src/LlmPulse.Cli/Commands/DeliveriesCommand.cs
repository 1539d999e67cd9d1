using System.CommandLine;
using System.Globalization;
using LlmPulse.Delivery;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Cli.Commands;

/// <summary><c>llmpulse deliveries</c> and <c>llmpulse send &lt;month&gt; [--to name]</c>.</summary>
internal static class DeliveriesCommand
{
    private static readonly ListingColumn<DeliveryRecord>[] Columns =
    [
        new("Month", r => r.Month),
        new("Subscriber", r => r.Subscriber),
        new("Channel", r => r.Channel),
        new("Edition", r => r.Edition),
        new("Version", r => r.Version.ToString(CultureInfo.InvariantCulture), Numeric: true),
        new("Status", r => r.Status.ToString()),
        new("Attempts", r => r.Attempts.ToString(CultureInfo.InvariantCulture), Numeric: true),
        new("Last attempt (UTC)", r => r.LastAttemptAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
        new("Error", r => r.LastError ?? ""),
    ];

    public static Command Create(IServiceProvider services, TextWriter output)
    {
        var max = new Option<int>("--max") { Description = "How many to show.", DefaultValueFactory = _ => 50 };
        var json = Listing.JsonOption();
        var command = new Command("deliveries", "Show the delivery ledger, most recent attempt first.") { max, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var records = await services.GetRequiredService<DeliveryLedger>().ListAsync(Math.Max(1, parse.GetValue(max)), cancellationToken).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await Listing.WriteJsonAsync(output, records).ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            if (records.Count == 0)
            {
                await output.WriteLineAsync("No deliveries yet.").ConfigureAwait(false);
                return LlmPulseCommand.Ok;
            }

            await Listing.WriteAsync(output, services.GetService<CliTerminal>() ?? CliTerminal.FromConsole(), records, Columns).ConfigureAwait(false);
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
