using System.Text.Json;
using Azure;
using Azure.Storage.Blobs.Models;
using LlmPulse.Briefings;

namespace LlmPulse.Storage;

/// <summary>A briefing's cover as the email shows it: its tiles and changes as text, and the cover page as a PNG.</summary>
public sealed record StoredCover(BriefingCover Cover, byte[] Png);

public sealed partial class BriefingStore
{
    private const string CoversFolder = "covers";

    /// <summary>
    /// Stores the cover of the document whose SHA-256 is <paramref name="sha256"/>, beside the briefings. Named by
    /// that hash, a cover belongs to exactly one rendered document whatever version or edition it becomes, and
    /// storing it twice writes the same bytes: no condition is needed.
    /// </summary>
    public async Task SaveCoverAsync(string sha256, BriefingCover cover, byte[] png, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cover);
        ArgumentNullException.ThrowIfNull(png);
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToUtf8Bytes(cover, StoredJson.Default.BriefingCover);
        await Guard(() => _container.GetBlobClient(CoverName(sha256, "json")).UploadAsync(new BinaryData(json), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } }, cancellationToken), cancellationToken).ConfigureAwait(false);
        await Guard(() => _container.GetBlobClient(CoverName(sha256, "png")).UploadAsync(new BinaryData(png), new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "image/png" } }, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The cover stored for a document, or null (a briefing stored before covers were, or one whose cover write failed).</summary>
    public async Task<StoredCover?> ReadCoverAsync(string sha256, CancellationToken cancellationToken)
    {
        try
        {
            var json = await Guard(() => _container.GetBlobClient(CoverName(sha256, "json")).DownloadContentAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            var png = await Guard(() => _container.GetBlobClient(CoverName(sha256, "png")).DownloadContentAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            var cover = JsonSerializer.Deserialize(json.Value.Content.ToMemory().Span, StoredJson.Default.BriefingCover);
            return cover is null ? null : new StoredCover(cover, png.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string CoverName(string sha256, string extension) =>
        Convert.FromHexString(sha256).Length == 32
            ? $"{CoversFolder}/{sha256.ToLowerInvariant()}.{extension}"
            : throw new ArgumentException("A cover is named by the document's SHA-256 (64 hex digits).", nameof(sha256));
}
