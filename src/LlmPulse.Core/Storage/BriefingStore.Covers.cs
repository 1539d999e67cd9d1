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
    private const string FiguresFolder = "figures";

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
        var json = JsonSerializer.SerializeToUtf8Bytes(cover);
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
            var cover = JsonSerializer.Deserialize<BriefingCover>(json.Value.Content.ToMemory().Span);
            return cover is null ? null : new StoredCover(cover, png.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>The figures a document was built from (what a later revision is compared with), named by its SHA-256.</summary>
    private static string FiguresName(string sha256) =>
        IsSha256(sha256)
            ? $"{FiguresFolder}/{sha256.ToLowerInvariant()}.json"
            : throw new ArgumentException("Figures are named by the document's SHA-256 (64 hex digits).", nameof(sha256));

    private static bool IsSha256(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigit);

    private static string CoverName(string sha256, string extension) =>
        Convert.FromHexString(sha256).Length == 32
            ? $"{CoversFolder}/{sha256.ToLowerInvariant()}.{extension}"
            : throw new ArgumentException("A cover is named by the document's SHA-256 (64 hex digits).", nameof(sha256));
}
