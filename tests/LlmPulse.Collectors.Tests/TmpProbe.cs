using LlmPulse.Cli;
using LlmPulse.Cli.Commands;
using LlmPulse.Testing;
using Xunit.Abstractions;

namespace LlmPulse.Collectors.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TmpProbe(AzuriteServer azurite, ITestOutputHelper log)
{
    [Fact]
    public async Task Probe()
    {
        Assert.NotNull(azurite);
        var dir = Directory.CreateTempSubdirectory("probe").FullName;
        using var persistent = AzuriteServer.Persistent(dir);
        using var harness = new CollectorHarness(persistent.ConnectionString);
        var output = new StringWriter();
        await LlmPulseCommand.RunAsync(["bench-ingest", "--observations", "100000", "--series", "200", "--repeat", "3"], output, output, CancellationToken.None, s => harness.Register(s, new CliTerminal(false)));
        log.WriteLine(output.ToString());
    }
}
