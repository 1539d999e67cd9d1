using LlmPulse.Briefings;
using LlmPulse.Storage;
using LlmPulse.Testing;

namespace LlmPulse.Tests.Storage;

/// <summary>
/// Storage going away the moment a briefing version is stored: the version must already be whole (its figures, which
/// a later revision is compared with, and its cover, which its email shows), since a rerun finds the version and
/// keeps it as it is. Its own Azurite, keeping data on disk, so that stopping it disturbs no other test.
/// </summary>
public sealed class BriefingOutageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("llmpulse-azurite-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_version_stored_just_before_storage_goes_away_already_has_its_figures_and_cover_and_the_rerun_keeps_it()
    {
        using var azurite = AzuriteServer.Persistent(_folder);
        var storage = StorageNames.Unique(azurite.ConnectionString);
        var key = new BriefingKey(BriefingMonth.Parse("2023-07"));
        using (var cut = new TestApp(storage))
        {
            await cut.Importer.ImportAsync(TestApp.SeedsFolder, CancellationToken.None);

            // Azurite saves to disk every few seconds: wait for the version to reach the disk, then take storage away.
            cut.Briefings.AfterVersionStoredForTests = async ct =>
            {
                await Task.Delay(TimeSpan.FromSeconds(6), ct);
                azurite.Stop();
            };
            try
            {
                await cut.BriefingService.StoreAsync(key, force: false, CancellationToken.None);
            }
            catch (StorageUnavailableException)
            {
                // What the caller sees depends on what was left to do after the version: nothing, since it is whole.
            }

            Assert.False(azurite.IsRunning);
        }

        azurite.Start();
        using var app = new TestApp(storage);
        var rerun = await app.BriefingService.StoreAsync(key, force: false, CancellationToken.None);

        Assert.False(rerun.Created);
        var version = Assert.Single(await app.Briefings.GetVersionsAsync(key, CancellationToken.None));
        Assert.Equal(1, version.Version);
        Assert.NotNull(await app.Briefings.GetFiguresAsync(version, CancellationToken.None));
        Assert.NotNull(await app.Briefings.ReadCoverAsync(version.Sha256, CancellationToken.None));
    }
}
