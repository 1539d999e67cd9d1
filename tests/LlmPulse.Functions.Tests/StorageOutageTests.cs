using System.Security.Cryptography;
using LlmPulse.Briefings;
using LlmPulse.Rendering;
using LlmPulse.Storage;
using LlmPulse.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPulse.Functions.Tests;

/// <summary>
/// Storage going away in the middle of <c>POST /api/briefings/{month}</c> (after the data was read and the briefing
/// rendered, before it was stored), then coming back: the caller got a clean 503, and the retried request stores
/// version 1 once, whole, with nothing left over from the cut-off attempt. Its own Azurite, keeping data on disk.
/// </summary>
public sealed class StorageOutageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-azurite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_briefing_cut_off_by_storage_going_away_is_a_clean_503_and_the_retry_stores_one_whole_version()
    {
        using var azurite = AzuriteServer.Persistent(_folder);
        var storage = StorageNames.Unique(azurite.ConnectionString);
        using (var seeding = FunctionsApp.OnStorage(storage))
        {
            await seeding.ImportTinySeedAsync();
        }

        // Azurite saves to disk every few seconds: let the seed reach the disk before storage goes away.
        await Task.Delay(TimeSpan.FromSeconds(6));
        using (var cut = FunctionsApp.OnStorage(storage, services => services.AddSingleton<IBriefingRenderer>(new StopsStorageWhileRendering(azurite))))
        {
            var answer = await Api.PostAsync(cut, "2023-07");

            Api.AssertProblem(answer, 503, "urn:llmpulse:problem:storage-unavailable");
            Assert.DoesNotContain(azurite.TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Text);
            Assert.DoesNotContain(azurite.BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Text);
            Assert.False(azurite.IsRunning);
        }

        azurite.Start();
        using var app = FunctionsApp.OnStorage(storage);
        var retried = await Api.PostAsync(app, "2023-07");
        var again = await Api.PostAsync(app, "2023-07");

        Assert.Equal((201, 200), (retried.Status, again.Status));
        var store = app.Services.GetRequiredService<BriefingStore>();
        var version = Assert.Single(await store.GetVersionsAsync(new BriefingKey(BriefingMonth.Parse("2023-07"), "en"), CancellationToken.None));
        Assert.Equal(1, version.Version);
        Assert.NotNull(await store.GetFiguresAsync(version, CancellationToken.None));
        var fetched = await Api.GetAsync(app, "2023-07");
        Assert.Equal(retried.Json().GetProperty("sha256").GetString(), Convert.ToHexStringLower(SHA256.HashData(fetched.Body)));
        Assert.Equal(version.Sha256, again.Json().GetProperty("sha256").GetString());
    }

    /// <summary>The real renderer, and storage going away once the first document is rendered.</summary>
    private sealed class StopsStorageWhileRendering(AzuriteServer azurite) : IBriefingRenderer
    {
        private readonly BriefingRenderer _renderer = new();
        private int _renders;

        public string ContentType => _renderer.ContentType;

        public byte[] Render(Briefing briefing)
        {
            var content = _renderer.Render(briefing);
            if (Interlocked.Increment(ref _renders) == 1)
            {
                azurite.Stop();
            }

            return content;
        }

        public byte[] RenderCoverImage(Briefing briefing) => _renderer.RenderCoverImage(briefing);
    }
}
