using System.Globalization;
using LlmPulse.Metrics;
using Microsoft.Extensions.Options;

namespace LlmPulse.Collectors;

/// <summary>One series a source writes, checked: its definition, measure and parameters.</summary>
public sealed record ConfiguredSeries(Series Definition, Measure Measure, int OverlapPeriods, IReadOnlyDictionary<string, string> Parameters)
{
    public string Id => Definition.Id;
}

/// <summary>
/// One source as the collector runs it: its options checked and completed. A source whose configuration is wrong
/// is kept with its <see cref="Problems"/>, so that its run fails with them and the other sources still run.
/// </summary>
public sealed class ConfiguredSource
{
    /// <summary>Key Vault references that the platform could not resolve stay in the setting as this text.</summary>
    private const string UnresolvedKeyVaultReference = "@Microsoft.KeyVault(";

    internal ConfiguredSource(string id, SourceOptions options, ISourceAdapter? adapter, IReadOnlyList<ConfiguredSeries> series, IReadOnlyList<string> problems, CollectorGroup group, Uri? baseUrl, DateOnly since)
    {
        Id = id;
        Options = options;
        AdapterImplementation = adapter;
        Series = series;
        Problems = problems;
        Group = group;
        BaseUrl = baseUrl;
        Since = since;
    }

    public string Id { get; }

    public string Adapter => Options.Adapter;

    public CollectorGroup Group { get; }

    public Uri? BaseUrl { get; }

    public string ReportedBy => Options.ReportedBy;

    public DateOnly Since { get; }

    public bool Enabled => Options.Enabled;

    public int PublicationLagDays => Math.Max(0, Options.PublicationLagDays);

    public TimeSpan RequestInterval => Options.RequestInterval;

    public IReadOnlyList<ConfiguredSeries> Series { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>The key when one is set and resolved, else null. Never log or record it.</summary>
    public string? ApiKey => HasApiKey ? Options.ApiKey!.Trim() : null;

    public bool HasApiKey =>
        !string.IsNullOrWhiteSpace(Options.ApiKey) && !Options.ApiKey.TrimStart().StartsWith(UnresolvedKeyVaultReference, StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a source is not collected now, or null when it is.</summary>
    public string? SkipReason =>
        !Enabled ? "disabled in configuration"
        : AdapterImplementation is { RequiresApiKey: true } && !HasApiKey
            ? (string.IsNullOrWhiteSpace(Options.ApiKey) ? "disabled: no API key" : "disabled: API key not resolved from Key Vault")
            : null;

    internal SourceOptions Options { get; }

    internal ISourceAdapter? AdapterImplementation { get; }

    /// <summary>A parameter of the series, else of the source, else <paramref name="fallback"/>.</summary>
    public string? Parameter(ConfiguredSeries? series, string name, string? fallback = null)
    {
        if (series is not null && series.Parameters.TryGetValue(name, out var own) && !string.IsNullOrWhiteSpace(own))
        {
            return own.Trim();
        }

        return Options.Parameters.TryGetValue(name, out var shared) && !string.IsNullOrWhiteSpace(shared) ? shared.Trim() : fallback;
    }

    public string RequiredParameter(ConfiguredSeries? series, string name) =>
        Parameter(series, name) ?? throw new SourcePayloadException($"parameter '{name}' is not configured");
}

/// <summary>The configured sources, checked once, in a stable order (by id).</summary>
public sealed class SourceCatalog
{
    /// <summary>
    /// The app setting of the paid source shipped in sources.json. The deployment maps it to a Key Vault secret
    /// (infra/app/api.bicep); every source's ApiKey binds the same way, <c>Sources__{id}__ApiKey</c>.
    /// </summary>
    public const string SimilarWebApiKeySetting = SourceCatalogOptions.SectionName + ":similarweb:ApiKey";

    private static readonly DateOnly DefaultSince = new(2023, 1, 1);

    public SourceCatalog(IOptions<SourceCatalogOptions> options, IEnumerable<ISourceAdapter> adapters)
    {
        var byName = adapters.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        Sources = options.Value.Sources
            .OrderBy(s => s.Key, StringComparer.Ordinal)
            .Select(s => Check(s.Key, s.Value, byName))
            .ToArray();
    }

    public IReadOnlyList<ConfiguredSource> Sources { get; }

    public ConfiguredSource? Find(string id) =>
        Sources.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every API key configured, to be masked wherever text leaves the collector.</summary>
    public IEnumerable<string> Secrets =>
        Sources.Select(s => s.Options.ApiKey).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!.Trim());

    private static ConfiguredSource Check(string id, SourceOptions options, IReadOnlyDictionary<string, ISourceAdapter> adapters)
    {
        var problems = new List<string>();
        adapters.TryGetValue(options.Adapter ?? "", out var adapter);
        if (adapter is null)
        {
            problems.Add($"Adapter '{options.Adapter}' is unknown; expected one of {string.Join(", ", adapters.Keys.Order(StringComparer.Ordinal))}");
        }

        if (!CollectorGroups.TryParse(options.Group, out var group))
        {
            problems.Add($"Group '{options.Group}' is unknown; expected traffic, indexes or investment");
        }

        Uri? baseUrl = null;
        if (!Uri.TryCreate(options.BaseUrl?.Trim(), UriKind.Absolute, out baseUrl) || baseUrl.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(baseUrl.Query))
        {
            problems.Add($"BaseUrl '{options.BaseUrl}' is not an absolute http(s) address without a query");
            baseUrl = null;
        }

        if (string.IsNullOrWhiteSpace(options.ReportedBy))
        {
            problems.Add("ReportedBy is empty: say who reports the figures");
        }

        var since = DefaultSince;
        if (!string.IsNullOrWhiteSpace(options.Since) && !DateOnly.TryParseExact(options.Since.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out since))
        {
            problems.Add($"Since '{options.Since}' is not a date YYYY-MM-DD");
            since = DefaultSince;
        }

        var series = new List<ConfiguredSeries>();
        foreach (var (seriesId, seriesOptions) in options.Series.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!seriesOptions.Enabled)
            {
                continue;
            }

            var checkedSeries = CheckSeries(seriesId, seriesOptions, options, problems);
            if (checkedSeries is null)
            {
                continue;
            }

            foreach (var required in adapter?.RequiredSeriesParameters ?? [])
            {
                var value = checkedSeries.Parameters.GetValueOrDefault(required) ?? options.Parameters.GetValueOrDefault(required);
                if (string.IsNullOrWhiteSpace(value))
                {
                    problems.Add($"Series {seriesId}: parameter '{required}' is not configured");
                }
            }

            series.Add(checkedSeries);
        }

        if (options.Series.Count > 0 && series.Count == 0 && problems.Count == 0)
        {
            problems.Add("every series of the source is disabled");
        }

        return new ConfiguredSource(id, options, adapter, series, problems, group, baseUrl, since);
    }

    private static ConfiguredSeries? CheckSeries(string id, SeriesOptions options, SourceOptions source, List<string> problems)
    {
        var ok = true;
        if (!IsValidSeriesId(id))
        {
            problems.Add($"Series id '{id}' must be lower-case letters, digits, '.', '_' or '-', such as traffic.chatgpt.visits.world");
            ok = false;
        }

        if (!MetricNames.TryParseCategory(options.Category?.Trim() ?? "", out var category))
        {
            problems.Add($"Series {id}: Category '{options.Category}' is not one of {string.Join(", ", MetricNames.Categories)}");
            ok = false;
        }

        if (!MetricNames.TryParseFrequency(options.Frequency?.Trim() ?? "", out var frequency))
        {
            problems.Add($"Series {id}: Frequency '{options.Frequency}' is not one of {string.Join(", ", MetricNames.Frequencies)}");
            ok = false;
        }

        if (!MetricNames.TryParseMeasure(string.IsNullOrWhiteSpace(options.Measure) ? "level" : options.Measure.Trim(), out var measure))
        {
            problems.Add($"Series {id}: Measure '{options.Measure}' is not one of {string.Join(", ", MetricNames.Measures)}");
            ok = false;
        }

        MonthRule? rule = null;
        if (!string.IsNullOrWhiteSpace(options.MonthRule))
        {
            if (MetricNames.TryParseMonthRule(options.MonthRule.Trim(), out var parsed))
            {
                rule = parsed;
            }
            else
            {
                problems.Add($"Series {id}: MonthRule '{options.MonthRule}' is not one of {string.Join(", ", MetricNames.MonthRules)}");
                ok = false;
            }
        }

        Direction? direction = null;
        if (!string.IsNullOrWhiteSpace(options.Direction))
        {
            if (MetricNames.TryParseDirection(options.Direction.Trim(), out var parsed))
            {
                direction = parsed;
            }
            else
            {
                problems.Add($"Series {id}: Direction '{options.Direction}' is not one of {string.Join(", ", MetricNames.Directions)}");
                ok = false;
            }
        }

        if (string.IsNullOrWhiteSpace(options.Name) || string.IsNullOrWhiteSpace(options.Unit))
        {
            problems.Add($"Series {id}: Name and Unit must be set");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        var overlap = source.OverlapPeriods ?? DefaultOverlap(frequency);
        var definition = new Series(id, category, options.Name.Trim(), options.Unit.Trim(), frequency, source.ReportedBy.Trim())
            .With(rule, direction, options.PercentChange);
        return new ConfiguredSeries(definition, measure, Math.Max(0, overlap), new Dictionary<string, string>(options.Parameters, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>Enough to pick up the revisions sources usually make: a week of days, two months, one of the rest.</summary>
    private static int DefaultOverlap(Frequency frequency) => frequency switch
    {
        Frequency.Daily => 7,
        Frequency.Monthly => 2,
        Frequency.Irregular => 30,
        _ => 1,
    };

    private static bool IsValidSeriesId(string id) =>
        id.Length is > 0 and <= 200
        && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-')
        && char.IsAsciiLetterOrDigit(id[0]);
}
