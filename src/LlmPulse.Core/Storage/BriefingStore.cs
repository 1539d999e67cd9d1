using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using LlmPulse.Briefings;
using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>One edition of one month's briefing: <c>briefings/YYYY/YYYY-MM.pdf</c>, or <c>YYYY-MM.ar.pdf</c> for Arabic.</summary>
public readonly record struct BriefingKey(BriefingMonth Month, string Edition = BriefingKey.DefaultEdition)
{
    public const string DefaultEdition = "en";

    private string Suffix => Edition == DefaultEdition ? "" : "." + Edition;

    /// <summary>Where the current version lives: readers get it by default.</summary>
    public string BlobName => string.Create(CultureInfo.InvariantCulture, $"{Month.Year:D4}/{Month}{Suffix}.pdf");

    /// <summary>Where an earlier version is kept once a newer one replaced it.</summary>
    public string VersionBlobName(int version) => string.Create(CultureInfo.InvariantCulture, $"{Month.Year:D4}/{Month}{Suffix}.v{version}.pdf");

    /// <summary>The name a downloaded briefing is saved under.</summary>
    public string FileName => $"llmpulse-{Month}{Suffix}.pdf";

    public override string ToString() => Edition == DefaultEdition ? Month.ToString() : $"{Month} ({Edition})";
}

/// <summary>What a reader is told about a briefing before opening it: kept with the document, in its language.</summary>
public sealed record BriefingSummary(string Title, IReadOnlyList<string> KeyFindings);

/// <summary>A new document to store.</summary>
public sealed record BriefingDocument(byte[] Content, string ContentType, string Sha256, DateTimeOffset GeneratedAt, DateOnly DataAsOf, BriefingSummary Summary);

/// <summary>A stored briefing version, without its content.</summary>
public sealed record StoredBriefingInfo(
    BriefingKey Key,
    int Version,
    bool IsCurrent,
    string BlobName,
    long Bytes,
    string ContentType,
    string Sha256,
    DateTimeOffset GeneratedAt,
    DateOnly DataAsOf,
    ETag ETag,
    BriefingSummary Summary)
{
    public BriefingMonth Month => Key.Month;

    public string Edition => Key.Edition;
}

/// <summary>A month's edition as listed: its current version first, then the ones it replaced, newest first.</summary>
public sealed record StoredBriefing(StoredBriefingInfo Current, IReadOnlyList<StoredBriefingInfo> Versions);

/// <summary>The outcome of a save: what is stored now, and whether this call is the one that stored it.</summary>
public sealed record SaveResult(StoredBriefingInfo Stored, bool Created);

/// <summary>
/// Rendered briefings in Blob Storage. Writes are conditional (If-None-Match for a first version, If-Match for a
/// replacement), so two instances rendering the same month at once end with one stored briefing, not two
/// half-overwritten ones; replaced versions are kept under numbered names.
/// </summary>
public sealed partial class BriefingStore
{
    private const string GeneratedAtKey = "generatedat";
    private const string DataAsOfKey = "dataasof";
    private const string Sha256Key = "sha256";
    private const string VersionKey = "version";
    private const string EditionKey = "edition";

    // Metadata must be ASCII, and the summary may be Arabic: it travels as base64 of its UTF-8 JSON.
    private const string SummaryKey = "summary";

    private readonly TimeProvider _time;
    private readonly BlobServiceClient _service;
    private readonly BlobContainerClient _container;
    private volatile bool _created;

    public BriefingStore(StorageClients clients, IOptions<StorageOptions> options, TimeProvider time)
    {
        _time = time;
        _service = clients.Blobs;
        _container = clients.Blobs.GetBlobContainerClient(options.Value.BriefingsContainer);
    }

    public Uri Endpoint => _container.Uri;

    /// <summary>Stores the first version of a briefing. When one is already stored, keeps it and returns it.</summary>
    public async Task<SaveResult> SaveAsync(BriefingKey key, BriefingDocument document, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var stored = await UploadAsync(key.BlobName, key, 1, document, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
            return new SaveResult(stored, Created: true);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var existing = await GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Briefing {key} was reported as existing but cannot be read.", e);
            return new SaveResult(existing, Created: false);
        }
    }

    /// <summary>
    /// Stores a new version of a briefing, keeping the current one under its numbered name. If another caller
    /// replaced it first, keeps theirs and returns it.
    /// </summary>
    public async Task<SaveResult> ReplaceAsync(BriefingKey key, BriefingDocument document, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var current = _container.GetBlobClient(key.BlobName);
        BlobDownloadResult old;
        try
        {
            old = (await Guard(() => current.DownloadContentAsync(cancellationToken), cancellationToken).ConfigureAwait(false)).Value;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return await SaveAsync(key, document, cancellationToken).ConfigureAwait(false);
        }

        var oldInfo = ToInfo(key.BlobName, old.Details.ContentLength, old.Details.ContentType, old.Details.Metadata, old.Details.ETag)!;
        try
        {
            // The earlier version is copied byte for byte with its metadata; if a racing caller archived it
            // already, the copy is there and stays.
            await Guard(() => _container.GetBlobClient(key.VersionBlobName(oldInfo.Version)).UploadAsync(
                old.Content,
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = oldInfo.ContentType, ContentDisposition = Disposition(key) },
                    Metadata = old.Details.Metadata,
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                },
                cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
        }

        try
        {
            var stored = await UploadAsync(key.BlobName, key, oldInfo.Version + 1, document, new BlobRequestConditions { IfMatch = old.Details.ETag }, cancellationToken).ConfigureAwait(false);
            return new SaveResult(stored, Created: true);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var winner = await GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Briefing {key} changed during replacement and cannot be read.", e);
            return new SaveResult(winner, Created: false);
        }
    }

    /// <summary>The current version's properties, or null when none is stored.</summary>
    public async Task<StoredBriefingInfo?> GetAsync(BriefingKey key, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var properties = (await Guard(() => _container.GetBlobClient(key.BlobName).GetPropertiesAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false)).Value;
            return ToInfo(key.BlobName, properties.ContentLength, properties.ContentType, properties.Metadata, properties.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>A version's content and properties (the current one when <paramref name="version"/> is null), or null.</summary>
    public async Task<(StoredBriefingInfo Info, Stream Content)?> OpenAsync(BriefingKey key, int? version, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var opened = await DownloadAsync(key.BlobName, cancellationToken).ConfigureAwait(false);
        if (opened is null || version is null || opened.Value.Info.Version == version)
        {
            return opened;
        }

        await opened.Value.Content.DisposeAsync().ConfigureAwait(false);
        return version < opened.Value.Info.Version && version >= 1
            ? await DownloadAsync(key.VersionBlobName(version.Value), cancellationToken).ConfigureAwait(false)
            : null;
    }

    /// <summary>The whole content of a stored version, for callers that need the bytes (files, attachments).</summary>
    public async Task<byte[]> ReadAsync(StoredBriefingInfo info, CancellationToken cancellationToken)
    {
        var opened = await OpenAsync(info.Key, info.Version, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Briefing {info.Key} version {info.Version} is no longer stored.");
        await using var content = opened.Content;
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        return buffer.ToArray();
    }

    public Task<(StoredBriefingInfo Info, Stream Content)?> OpenAsync(BriefingMonth month, CancellationToken cancellationToken) =>
        OpenAsync(new BriefingKey(month), null, cancellationToken);

    /// <summary>Every stored briefing with its versions, newest month first, the default edition first.</summary>
    public async Task<IReadOnlyList<StoredBriefing>> ListAsync(CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        var all = await Guard(async () =>
        {
            var result = new List<StoredBriefingInfo>();
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, cancellationToken).ConfigureAwait(false))
            {
                if (ToInfo(item.Name, item.Properties.ContentLength ?? 0, item.Properties.ContentType, item.Metadata, item.Properties.ETag ?? default) is { } info)
                {
                    result.Add(info);
                }
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);

        return all
            .GroupBy(i => i.Key)
            .Where(g => g.Any(i => i.IsCurrent))
            .Select(g => new StoredBriefing(g.Single(i => i.IsCurrent), g.Where(i => !i.IsCurrent).OrderByDescending(i => i.Version).ToArray()))
            .OrderByDescending(b => b.Current.Month)
            .ThenBy(b => b.Current.Edition == BriefingKey.DefaultEdition ? 0 : 1)
            .ThenBy(b => b.Current.Edition, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// A read-only link to a stored version that expires: signed with the account key under Azurite and
    /// connection strings, with a user delegation key when the app signs in with its identity.
    /// </summary>
    public async Task<Uri> CreateReadLinkAsync(StoredBriefingInfo info, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(info.BlobName);
        var sas = new BlobSasBuilder(BlobSasPermissions.Read, expiresOn)
        {
            BlobContainerName = _container.Name,
            BlobName = info.BlobName,
            Resource = "b",
        };
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var delegationKey = await Guard(() => _service.GetUserDelegationKeyAsync(_time.GetUtcNow().AddMinutes(-5), expiresOn, cancellationToken), cancellationToken).ConfigureAwait(false);
        var query = sas.ToSasQueryParameters(delegationKey.Value, _service.AccountName);
        return new BlobUriBuilder(blob.Uri) { Sas = query }.ToUri();
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

    private async Task<StoredBriefingInfo> UploadAsync(string blobName, BriefingKey key, int version, BriefingDocument document, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        var metadata = new Dictionary<string, string>
        {
            [GeneratedAtKey] = document.GeneratedAt.ToString("O", CultureInfo.InvariantCulture),
            [DataAsOfKey] = document.DataAsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            [Sha256Key] = document.Sha256,
            [VersionKey] = version.ToString(CultureInfo.InvariantCulture),
            [EditionKey] = key.Edition,
            [SummaryKey] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(document.Summary)),
        };
        var upload = new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = document.ContentType, ContentDisposition = Disposition(key) },
            Metadata = metadata,
            Conditions = conditions,
        };
        var blob = _container.GetBlobClient(blobName);
        var response = await Guard(() => blob.UploadAsync(new BinaryData(document.Content), upload, cancellationToken), cancellationToken).ConfigureAwait(false);
        return ToInfo(blobName, document.Content.LongLength, document.ContentType, metadata, response.Value.ETag)!;
    }

    private async Task<(StoredBriefingInfo Info, Stream Content)?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Guard(() => _container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
            var details = download.Value.Details;
            var info = ToInfo(blobName, details.ContentLength, details.ContentType, details.Metadata, details.ETag);
            if (info is null)
            {
                await download.Value.Content.DisposeAsync().ConfigureAwait(false);
                return null;
            }

            return (info, download.Value.Content);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    private static string Disposition(BriefingKey key) => $"inline; filename=\"{key.FileName}\"";

    [GeneratedRegex(@"^(?<year>\d{4})/(?<month>\d{4}-\d{2})(?:\.(?<edition>[a-z]{2}))?(?:\.v(?<version>[1-9]\d{0,5}))?\.pdf$", RegexOptions.CultureInvariant)]
    private static partial Regex BlobNamePattern();

    /// <summary>Reads a blob's name and metadata back into what it holds; null for blobs that are not briefings.</summary>
    private static StoredBriefingInfo? ToInfo(string name, long length, string? contentType, IDictionary<string, string> metadata, ETag etag)
    {
        var match = BlobNamePattern().Match(name);
        if (!match.Success || !BriefingMonth.TryParse(match.Groups["month"].Value, out var month) || match.Groups["year"].Value != month.Year.ToString("D4", CultureInfo.InvariantCulture))
        {
            return null;
        }

        var key = new BriefingKey(month, match.Groups["edition"].Success ? match.Groups["edition"].Value : BriefingKey.DefaultEdition);
        var isCurrent = !match.Groups["version"].Success;
        var version = metadata.TryGetValue(VersionKey, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : isCurrent ? 1 : int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
        metadata.TryGetValue(GeneratedAtKey, out var generatedAt);
        metadata.TryGetValue(DataAsOfKey, out var dataAsOf);
        metadata.TryGetValue(Sha256Key, out var sha256);
        return new StoredBriefingInfo(
            key,
            version,
            isCurrent,
            name,
            length,
            contentType ?? "application/octet-stream",
            sha256 ?? "",
            DateTimeOffset.TryParse(generatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var g) ? g : default,
            DateOnly.TryParseExact(dataAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default,
            etag,
            ReadSummary(metadata));
    }

    private static BriefingSummary ReadSummary(IDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(SummaryKey, out var encoded))
        {
            try
            {
                return JsonSerializer.Deserialize<BriefingSummary>(Convert.FromBase64String(encoded)) ?? new BriefingSummary("", []);
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                // A summary that cannot be read costs the reader a preview, not the document.
            }
        }

        return new BriefingSummary("", []);
    }

    private Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        StorageUnavailableException.Guard(_container.Uri, call, cancellationToken);
}
