using System.Globalization;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LlmPulse.Briefings;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>A briefing document as stored, without its content.</summary>
public sealed record StoredBriefingInfo(
    BriefingMonth Month,
    string BlobName,
    long Bytes,
    string ContentType,
    string Sha256,
    DateTimeOffset GeneratedAt,
    DateOnly DataAsOf,
    ETag ETag);

/// <summary>Rendered briefings in Blob Storage, one blob per month: <c>briefings/YYYY/YYYY-MM.pdf</c>.</summary>
public sealed class BriefingStore
{
    private const string GeneratedAtKey = "generatedat";
    private const string DataAsOfKey = "dataasof";
    private const string Sha256Key = "sha256";

    private readonly BlobContainerClient _container;
    private volatile bool _created;

    public BriefingStore(StorageClients clients, IOptions<StorageOptions> options)
    {
        _container = clients.Blobs.GetBlobContainerClient(options.Value.BriefingsContainer);
    }

    public Uri Endpoint => _container.Uri;

    public static string BlobName(BriefingMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"{month.Year:D4}/{month}.pdf");

    public async Task<StoredBriefingInfo> SaveAsync(
        BriefingMonth month,
        byte[] content,
        string contentType,
        string sha256,
        DateTimeOffset generatedAt,
        DateOnly dataAsOf,
        CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(BlobName(month));
        var metadata = new Dictionary<string, string>
        {
            [GeneratedAtKey] = generatedAt.ToString("O", CultureInfo.InvariantCulture),
            [DataAsOfKey] = dataAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [Sha256Key] = sha256,
        };
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders
            {
                ContentType = contentType,
                ContentDisposition = $"inline; filename=\"llmpulse-{month}.pdf\"",
            },
            Metadata = metadata,
        };
        var response = await Guard(() => blob.UploadAsync(new BinaryData(content), upload, cancellationToken), cancellationToken).ConfigureAwait(false);
        return new StoredBriefingInfo(month, blob.Name, content.LongLength, contentType, sha256, generatedAt, dataAsOf, response.Value.ETag);
    }

    /// <summary>The stored briefing's content and properties, or null when there is none for the month.</summary>
    public async Task<(StoredBriefingInfo Info, Stream Content)?> OpenAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var blob = _container.GetBlobClient(BlobName(month));
        try
        {
            var download = await Guard(() => blob.DownloadStreamingAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            var details = download.Value.Details;
            return (ToInfo(blob.Name, details.ContentLength, details.ContentType, details.Metadata, details.ETag), download.Value.Content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Every stored briefing, newest month first.</summary>
    public async Task<IReadOnlyList<StoredBriefingInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var result = new List<StoredBriefingInfo>();
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
            {
                if (TryMonth(item.Name, out _))
                {
                    result.Add(ToInfo(item.Name, item.Properties.ContentLength ?? 0, item.Properties.ContentType, item.Metadata, item.Properties.ETag ?? default));
                }
            }

            result.Sort((a, b) => b.Month.CompareTo(a.Month));
            return (IReadOnlyList<StoredBriefingInfo>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await Guard(() => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        _created = true;
    }

    private static StoredBriefingInfo ToInfo(string name, long length, string? contentType, IDictionary<string, string> metadata, ETag etag)
    {
        TryMonth(name, out var month);
        metadata.TryGetValue(GeneratedAtKey, out var generatedAt);
        metadata.TryGetValue(DataAsOfKey, out var dataAsOf);
        metadata.TryGetValue(Sha256Key, out var sha256);
        return new StoredBriefingInfo(
            month,
            name,
            length,
            contentType ?? "application/octet-stream",
            sha256 ?? "",
            DateTimeOffset.TryParse(generatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var g) ? g : default,
            DateOnly.TryParseExact(dataAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default,
            etag);
    }

    private static bool TryMonth(string blobName, out BriefingMonth month)
    {
        month = default;
        var fileName = blobName.AsSpan(blobName.LastIndexOf('/') + 1);
        return fileName.EndsWith(".pdf", StringComparison.Ordinal)
            && BriefingMonth.TryParse(fileName[..^4].ToString(), out month)
            && blobName == BlobName(month);
    }

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_container.Uri, call, cancellationToken);
}
