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

/// <summary>
/// One edition of one month's briefing. Every version lives under its own name, <c>briefings/YYYY/YYYY-MM.vN.pdf</c>
/// (<c>YYYY-MM.ar.vN.pdf</c> for Arabic), written once and never changed, so a link, a version number and a
/// sha256 handed to a reader describe the same bytes for as long as the blob is kept.
/// </summary>
public readonly record struct BriefingKey(BriefingMonth Month, string Edition = BriefingKey.DefaultEdition)
{
    public const string DefaultEdition = "en";

    private string Suffix => Edition == DefaultEdition ? "" : "." + Edition;

    /// <summary>The name a version had before versions were immutable (the newest was kept there); still read.</summary>
    public string LegacyBlobName => string.Create(CultureInfo.InvariantCulture, $"{Month.Year:D4}/{Month}{Suffix}.pdf");

    /// <summary>The immutable name of one version.</summary>
    public string VersionBlobName(int version) => string.Create(CultureInfo.InvariantCulture, $"{Month.Year:D4}/{Month}{Suffix}.v{version}.pdf");

    /// <summary>The figures a version was built from, beside it: what a later revision is compared with.</summary>
    public string FiguresBlobName(int version) => string.Create(CultureInfo.InvariantCulture, $"{Month.Year:D4}/{Month}{Suffix}.v{version}.figures.json");

    /// <summary>Every blob of this month (all editions) starts with this.</summary>
    public string MonthPrefix => string.Create(CultureInfo.InvariantCulture, $"{Month.Year:D4}/{Month}.");

    /// <summary>The name a downloaded briefing is saved under.</summary>
    public string FileName => $"llmpulse-{Month}{Suffix}.pdf";

    public override string ToString() => Edition == DefaultEdition ? Month.ToString() : $"{Month} ({Edition})";
}

/// <summary>What a reader is told about a briefing before opening it: kept with the document, in its language.</summary>
public sealed record BriefingSummary(string Title, IReadOnlyList<string> KeyFindings);

/// <summary>
/// Where a version came from: the expected series still missing when it was rendered, and for a revision the
/// version it revises and what changed in the month's figures since.
/// </summary>
public sealed record BriefingProvenance(IReadOnlyList<string> MissingSeries, int? RevisionOf, IReadOnlyList<string> Changes)
{
    public static readonly BriefingProvenance None = new([], null, []);
}

/// <summary>A new document to store.</summary>
public sealed record BriefingDocument(byte[] Content, string ContentType, string Sha256, DateTimeOffset GeneratedAt, DateOnly DataAsOf, BriefingSummary Summary)
{
    public BriefingProvenance Provenance { get; init; } = BriefingProvenance.None;

    /// <summary>The month's figures the document was built from, kept beside it (null: none kept).</summary>
    public MonthFigures? Figures { get; init; }
}

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

    public BriefingProvenance Provenance { get; init; } = BriefingProvenance.None;
}

/// <summary>A month's edition as listed: its current version first, then the ones it replaced, newest first.</summary>
public sealed record StoredBriefing(StoredBriefingInfo Current, IReadOnlyList<StoredBriefingInfo> Versions);

/// <summary>The outcome of a save: what is stored now, and whether this call is the one that stored it.</summary>
public sealed record SaveResult(StoredBriefingInfo Stored, bool Created);

/// <summary>
/// Rendered briefings in Blob Storage. Each version is written once under its own name with If-None-Match, so two
/// instances rendering the same month at once end with one version, not two, and no stored version ever changes;
/// the newest version is the current one.
/// </summary>
public sealed partial class BriefingStore
{
    private const string GeneratedAtKey = "generatedat";
    private const string DataAsOfKey = "dataasof";
    private const string Sha256Key = "sha256";
    private const string VersionKey = "version";
    private const string EditionKey = "edition";
    private const string RevisionOfKey = "revisionof";

    // Metadata must be ASCII, and the summary may be Arabic: it travels as base64 of its UTF-8 JSON, as do the
    // lists of missing series and changes (cut to stay well inside the 8 KB metadata limit).
    private const string SummaryKey = "summary";
    private const string MissingKey = "missing";
    private const string ChangesKey = "changes";
    private const int MaxListedInMetadata = 40;

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

    /// <summary>Stores the first version of a briefing. When one is already stored, keeps it and returns the newest.</summary>
    public async Task<SaveResult> SaveAsync(BriefingKey key, BriefingDocument document, CancellationToken cancellationToken)
    {
        if (await GetAsync(key, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return new SaveResult(existing, Created: false);
        }

        return await SaveVersionAsync(key, 1, document, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores a new version after the newest one stored (the first when there is none). Every earlier version stays
    /// as it was. If another caller stored that version number first, keeps theirs and returns it.
    /// </summary>
    public async Task<SaveResult> ReplaceAsync(BriefingKey key, BriefingDocument document, CancellationToken cancellationToken)
    {
        var newest = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return await SaveVersionAsync(key, (newest?.Version ?? 0) + 1, document, cancellationToken).ConfigureAwait(false);
    }

    private async Task<SaveResult> SaveVersionAsync(BriefingKey key, int version, BriefingDocument document, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The figures go first and the PDF last: the PDF's conditional write is what makes a version exist, so
            // storage going away between the two leaves no version (the rerun stores it whole), never a version
            // whose figures are missing for good.
            if (document.Figures is { } figures)
            {
                await SaveFiguresAsync(key, version, figures, cancellationToken).ConfigureAwait(false);
            }

            var stored = await UploadAsync(key.VersionBlobName(version), key, version, document, new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken).ConfigureAwait(false);
            return new SaveResult(stored with { IsCurrent = true }, Created: true);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            var winner = await GetAsync(key, version, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Briefing {key} version {version} was reported as existing but cannot be read.", e);
            return new SaveResult(winner, Created: false);
        }
    }

    /// <summary>
    /// Writes a version's figures unless its version is stored already (then the caller lost the race for that
    /// version number, and the 409 says so). Figures without their PDF are what an attempt cut off left: replaced.
    /// </summary>
    private async Task SaveFiguresAsync(BriefingKey key, int version, MonthFigures figures, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(key.FiguresBlobName(version));
        var upload = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" }, Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await Guard(() => blob.UploadAsync(new BinaryData(figures.ToJson()), upload, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            if (await GetAsync(key, version, cancellationToken).ConfigureAwait(false) is not null)
            {
                throw;
            }

            upload.Conditions = null;
            await Guard(() => blob.UploadAsync(new BinaryData(figures.ToJson()), upload, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<MonthFigures?> GetFiguresAsync(StoredBriefingInfo info, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Guard(() => _container.GetBlobClient(info.Key.FiguresBlobName(info.Version)).DownloadContentAsync(cancellationToken), cancellationToken).ConfigureAwait(false);
            return MonthFigures.FromJson(content.Value.Content.ToArray());
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Every stored version of one month's edition, newest first.</summary>
    public async Task<IReadOnlyList<StoredBriefingInfo>> GetVersionsAsync(BriefingKey key, CancellationToken cancellationToken)
    {
        var all = await ListInfosAsync(key.MonthPrefix, cancellationToken).ConfigureAwait(false);
        return MarkNewest(all.Where(i => i.Key == key)).OrderByDescending(i => i.Version).ToArray();
    }

    /// <summary>The properties of one stored version, or null when it is not stored.</summary>
    public async Task<StoredBriefingInfo?> GetAsync(BriefingKey key, int version, CancellationToken cancellationToken) =>
        (await GetVersionsAsync(key, cancellationToken).ConfigureAwait(false)).FirstOrDefault(i => i.Version == version);

    /// <summary>The newest version's properties, or null when none is stored.</summary>
    public async Task<StoredBriefingInfo?> GetAsync(BriefingKey key, CancellationToken cancellationToken) =>
        (await GetVersionsAsync(key, cancellationToken).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>A version's content and properties (the newest when <paramref name="version"/> is null), or null.</summary>
    public async Task<(StoredBriefingInfo Info, Stream Content)?> OpenAsync(BriefingKey key, int? version, CancellationToken cancellationToken)
    {
        var versions = await GetVersionsAsync(key, cancellationToken).ConfigureAwait(false);
        var info = version is null ? versions.FirstOrDefault() : versions.FirstOrDefault(i => i.Version == version);
        if (info is null)
        {
            return null;
        }

        var opened = await DownloadAsync(info.BlobName, cancellationToken).ConfigureAwait(false);
        return opened is { } o ? (o.Info with { IsCurrent = info.IsCurrent }, o.Content) : null;
    }

    /// <summary>The whole content of a stored version, for callers that need the bytes (files, attachments).</summary>
    public async Task<byte[]> ReadAsync(StoredBriefingInfo info, CancellationToken cancellationToken)
    {
        // The version's own name: it never changes, so no lookup of which version is newest is needed.
        var opened = await DownloadAsync(info.BlobName, cancellationToken).ConfigureAwait(false)
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
        var all = await ListInfosAsync(prefix: null, cancellationToken).ConfigureAwait(false);
        return all
            .GroupBy(i => i.Key)
            .Select(g => MarkNewest(g).OrderByDescending(i => i.Version).ToArray())
            .Select(g => new StoredBriefing(g[0], g.Skip(1).ToArray()))
            .OrderByDescending(b => b.Current.Month)
            .ThenBy(b => b.Current.Edition == BriefingKey.DefaultEdition ? 0 : 1)
            .ThenBy(b => b.Current.Edition, StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>Every stored version of a month, all editions, the default edition first, newest version first.</summary>
    public async Task<IReadOnlyList<StoredBriefingInfo>> ListMonthAsync(BriefingMonth month, CancellationToken cancellationToken)
    {
        var all = await ListInfosAsync(new BriefingKey(month).MonthPrefix, cancellationToken).ConfigureAwait(false);
        return all
            .GroupBy(i => i.Key)
            .SelectMany(MarkNewest)
            .OrderBy(i => i.Edition == BriefingKey.DefaultEdition ? 0 : 1)
            .ThenBy(i => i.Edition, StringComparer.Ordinal)
            .ThenByDescending(i => i.Version)
            .ToArray();
    }

    private async Task<IReadOnlyList<StoredBriefingInfo>> ListInfosAsync(string? prefix, CancellationToken cancellationToken)
    {
        await EnsureCreatedAsync(cancellationToken).ConfigureAwait(false);
        return await Guard(async () =>
        {
            var result = new List<StoredBriefingInfo>();
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = prefix }, cancellationToken).ConfigureAwait(false))
            {
                if (ToInfo(item.Name, item.Properties.ContentLength ?? 0, item.Properties.ContentType, item.Metadata, item.Properties.ETag ?? default) is { } info)
                {
                    result.Add(info);
                }
            }

            // A legacy name and its numbered copy can hold the same version: the numbered one wins.
            return (IReadOnlyList<StoredBriefingInfo>)result
                .GroupBy(i => (i.Key, i.Version))
                .Select(g => g.OrderBy(i => i.BlobName == i.Key.LegacyBlobName ? 1 : 0).First())
                .ToArray();
        }, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<StoredBriefingInfo> MarkNewest(IEnumerable<StoredBriefingInfo> versions)
    {
        var list = versions.ToArray();
        var newest = list.Length == 0 ? 0 : list.Max(i => i.Version);
        return list.Select(i => i with { IsCurrent = i.Version == newest });
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
            [SummaryKey] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(document.Summary, StoredJson.Default.BriefingSummary)),
        };
        var provenance = document.Provenance;
        if (provenance.MissingSeries.Count > 0)
        {
            metadata[MissingKey] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(provenance.MissingSeries.Take(MaxListedInMetadata).ToArray(), StoredJson.Default.StringArray));
        }

        if (provenance.RevisionOf is { } revisionOf)
        {
            metadata[RevisionOfKey] = revisionOf.ToString(CultureInfo.InvariantCulture);
            metadata[ChangesKey] = Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(provenance.Changes.Take(MaxListedInMetadata).ToArray(), StoredJson.Default.StringArray));
        }

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
        var numbered = match.Groups["version"].Success;
        var version = numbered
            ? int.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture)
            : metadata.TryGetValue(VersionKey, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 1;
        metadata.TryGetValue(GeneratedAtKey, out var generatedAt);
        metadata.TryGetValue(DataAsOfKey, out var dataAsOf);
        metadata.TryGetValue(Sha256Key, out var sha256);
        return new StoredBriefingInfo(
            key,
            version,
            false,
            name,
            length,
            contentType ?? "application/octet-stream",
            sha256 ?? "",
            DateTimeOffset.TryParse(generatedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var g) ? g : default,
            DateOnly.TryParseExact(dataAsOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : default,
            etag,
            ReadSummary(metadata))
        {
            Provenance = new BriefingProvenance(
                ReadList(metadata, MissingKey),
                metadata.TryGetValue(RevisionOfKey, out var r) && int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var of) ? of : null,
                ReadList(metadata, ChangesKey)),
        };
    }

    private static string[] ReadList(IDictionary<string, string> metadata, string name)
    {
        if (metadata.TryGetValue(name, out var encoded))
        {
            try
            {
                return JsonSerializer.Deserialize(Convert.FromBase64String(encoded), StoredJson.Default.StringArray) ?? [];
            }
            catch (Exception e) when (e is FormatException or JsonException)
            {
                // An unreadable list costs the reader a note, not the document.
            }
        }

        return [];
    }

    private static BriefingSummary ReadSummary(IDictionary<string, string> metadata)
    {
        if (metadata.TryGetValue(SummaryKey, out var encoded))
        {
            try
            {
                return JsonSerializer.Deserialize(Convert.FromBase64String(encoded), StoredJson.Default.BriefingSummary) ?? new BriefingSummary("", []);
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
