using System.Diagnostics;
using System.Text.Json;
using LlmPulse.Cli;
using LlmPulse.Storage;
using LlmPulse.Testing;
using UglyToad.PdfPig;

namespace LlmPulse.Tests.Cli;

/// <summary>
/// The natively compiled llmpulse (PublishAot; what <c>./run.sh bench</c> times and <c>LLMPULSE_NATIVE=1</c> runs)
/// does what the ordinary one does. A native image has no JIT: code that reflects over types at run time (the
/// Tables SDK's entity binder, reflection-based JSON) fails there and only there, so these run the real binary.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class NativeCliTests(AzuriteServer azurite, NativeLlmpulse native) : IClassFixture<NativeLlmpulse>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("llmpulse-native-").FullName;
    private readonly StorageOptions _storage = StorageNames.Unique(azurite.ConnectionString);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_native_tool_imports_the_seeds_and_stores_the_same_briefing_in_both_editions()
    {
        var imported = await native.RunAsync(_storage, "import", TestApp.SeedsFolder);
        var english = Path.Combine(_dir, "native.pdf");
        var arabic = Path.Combine(_dir, "native.ar.pdf");
        var briefing = await native.RunAsync(_storage, "briefing", "2023-09", "--out", english);
        var briefingAr = await native.RunAsync(_storage, "briefing", "2023-09", "--lang", "ar", "--out", arabic);

        Assert.True(imported.Exit == 0, imported.Err);
        Assert.Contains("37 observations added", imported.Out);
        Assert.True(briefing.Exit == 0, briefing.Err);
        Assert.Contains($"/{_storage.BriefingsContainer}/2023/2023-09.v1.pdf", briefing.Out);
        Assert.True(briefingAr.Exit == 0, briefingAr.Err);

        // The same data through the ordinary tool, in-process, on tables of its own.
        var reference = StorageNames.Unique(azurite.ConnectionString);
        var referencePdf = Path.Combine(_dir, "reference.pdf");
        await InProcessAsync(reference, "import", TestApp.SeedsFolder);
        Assert.Equal(0, await InProcessAsync(reference, "briefing", "2023-09", "--out", referencePdf));
        using var nativePdf = PdfDocument.Open(english);
        using var ordinaryPdf = PdfDocument.Open(referencePdf);
        Assert.Equal(ordinaryPdf.NumberOfPages, nativePdf.NumberOfPages);
        for (var page = 1; page <= ordinaryPdf.NumberOfPages; page++)
        {
            Assert.Equal(Words(ordinaryPdf.GetPage(page).Text), Words(nativePdf.GetPage(page).Text));
        }

        using var arabicPdf = PdfDocument.Open(arabic);
        Assert.Equal(ordinaryPdf.NumberOfPages, arabicPdf.NumberOfPages);
    }

    [Fact]
    public async Task The_native_tool_lists_series_and_runs_as_json_with_enums_as_words()
    {
        await native.RunAsync(_storage, "import", TestApp.SeedsFolder);

        var series = await native.RunAsync(_storage, "series", "--json");
        var runs = await native.RunAsync(_storage, "runs", "--json");

        Assert.True(series.Exit == 0, series.Err);
        using var listed = JsonDocument.Parse(series.Out);
        var rows = listed.RootElement.EnumerateArray().ToArray();
        using var app = new TestApp(_storage);
        Assert.Equal((await app.Metrics.GetSeriesAsync(CancellationToken.None)).Count, rows.Length);
        Assert.All(rows, r => Assert.Equal(JsonValueKind.String, r.GetProperty("category").ValueKind));
        Assert.Contains(rows, r => r.GetProperty("id").GetString() == "traffic.chatgpt.visits.world" && r.GetProperty("category").GetString() == "traffic");
        Assert.True(runs.Exit == 0, runs.Err);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(runs.Out).RootElement.ValueKind);
    }

    private static async Task<int> InProcessAsync(StorageOptions storage, params string[] args) =>
        await LlmPulseCommand.RunAsync(args, new StringWriter(), new StringWriter(), CancellationToken.None, services => TestApp.ConfigureCli(services, storage, TimeProvider.System));

    // Generation times differ between the two runs; every other word must match.
    private static string[] Words(string text) =>
        text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries).Where(w => !w.Any(char.IsDigit) || !w.Contains(':')).ToArray();
}

/// <summary>
/// Publishes the native llmpulse once for the class with scripts/publish-native.sh, as run.sh and test.sh do (test.sh
/// builds it before the tests, which leaves this an up-to-date check), and runs it against the test storage.
/// </summary>
public sealed class NativeLlmpulse
{
    private static readonly string Output = Path.Combine(AzuriteServer.RepositoryRoot, ".build", "llmpulse-native");

    public NativeLlmpulse()
    {
        var publish = Process.Start(new ProcessStartInfo("bash")
        {
            WorkingDirectory = AzuriteServer.RepositoryRoot,
            ArgumentList = { Path.Combine("scripts", "publish-native.sh") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = publish.StandardOutput.ReadToEndAsync();
        var stderr = publish.StandardError.ReadToEndAsync();
        publish.WaitForExit();
        if (publish.ExitCode != 0)
        {
            throw new InvalidOperationException($"Publishing the native llmpulse failed ({publish.ExitCode}): {stdout.Result}{stderr.Result}");
        }
    }

    public async Task<(int Exit, string Out, string Err)> RunAsync(StorageOptions storage, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(Output, "llmpulse"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Storage__ConnectionString"] = storage.ConnectionString,
                ["Storage__SeriesTable"] = storage.SeriesTable,
                ["Storage__ObservationsTable"] = storage.ObservationsTable,
                ["Storage__BriefingsContainer"] = storage.BriefingsContainer,
                ["Storage__DeliveriesTable"] = storage.DeliveriesTable,
                ["Storage__DeliveryQueue"] = storage.DeliveryQueue,
                ["Storage__CollectQueue"] = storage.CollectQueue,
                ["NO_COLOR"] = "1",
            },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
