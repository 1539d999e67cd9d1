using LlmPulse.Briefings;
using LlmPulse.Cli;
using LlmPulse.Delivery;
using LlmPulse.Jobs;
using LlmPulse.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Tests.Cli;

/// <summary>The command line checks every setting before it runs a command, and says each problem in one line.</summary>
public sealed class CliConfigurationTests
{
    [Theory]
    [InlineData("series")]
    [InlineData("briefing", "2023-07")]
    [InlineData("monthly")]
    public async Task Wrong_settings_stop_every_command_before_it_runs_with_one_line_per_problem(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await LlmPulseCommand.RunAsync(args, output, error, CancellationToken.None, services =>
        {
            // Storage that does not exist: had the command run, it would have failed on it with exit code 3.
            services.Configure<StorageOptions>(o =>
            {
                o.ConnectionString = "DefaultEndpointsProtocol=http;AccountName=nobody;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:9/nobody;BlobEndpoint=http://127.0.0.1:9/nobody";
                o.SeriesTable = "bad_name";
            });
            services.Configure<BriefingOptions>(o => o.Editions.Add("fr"));
            services.Configure<DeliveryOptions>(o =>
            {
                o.LinkExpiry = TimeSpan.Zero;
                o.Subscribers.Add(new SubscriberOptions { Name = "reader", Channel = "email" });
            });
        });

        Assert.Equal(LlmPulseCommand.BadInput, exit);
        Assert.Equal("", output.ToString());
        var lines = error.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        string[] expected =
            [
                "llmpulse: configuration: Storage:SeriesTable 'bad_name' is not a table name: 3 to 63 letters and digits, starting with a letter.",
                "llmpulse: configuration: Briefings:Editions:1 'fr' is unknown; expected one of " + Editions.Describe() + ".",
                "llmpulse: configuration: Delivery:LinkExpiry is 00:00:00; expected more than zero.",
                "llmpulse: configuration: Delivery:Subscribers:0 ('reader'): the email channel needs an Email address; got ''.",
            ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }
}
