using Microsoft.Extensions.Options;

namespace LlmPulse.Collectors;

/// <summary>
/// Checks the <c>Collectors</c> and <c>Sources</c> settings when the app starts: every enabled source names a known
/// adapter and group, a usable address and at least one series, each series well formed. One failure per problem,
/// naming the source.
/// </summary>
public sealed class CollectorOptionsValidator(IEnumerable<ISourceAdapter> adapters) : IValidateOptions<CollectorOptions>, IValidateOptions<SourceCatalogOptions>
{
    public ValidateOptionsResult Validate(string? name, CollectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        const string Section = CollectorOptions.SectionName;
        if (string.IsNullOrWhiteSpace(options.UserAgent))
        {
            problems.Add($"{Section}:UserAgent is empty; Wikimedia and others refuse requests without one.");
        }

        if (options.AttemptTimeout <= TimeSpan.Zero || options.TotalRequestTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{Section}:AttemptTimeout and {Section}:TotalRequestTimeout must be more than zero.");
        }

        if (options.MaxRetryAttempts is < 1 or > 10)
        {
            problems.Add($"{Section}:MaxRetryAttempts is {options.MaxRetryAttempts}; expected 1 to 10.");
        }

        if (options.RetryBaseDelay < TimeSpan.Zero)
        {
            problems.Add($"{Section}:RetryBaseDelay is negative.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public ValidateOptionsResult Validate(string? name, SourceCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var byName = adapters.ToDictionary(a => a.Name, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var (id, source) in options.Sources.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (!source.Enabled)
            {
                continue;
            }

            var configured = SourceCatalog.Check(id, source, byName);
            problems.AddRange(configured.Problems.Select(p => $"{SourceCatalogOptions.SectionName}:{id}: {p}."));
            if (source.Series.Count == 0)
            {
                problems.Add($"{SourceCatalogOptions.SectionName}:{id}: the source has no series; add one under Series or set Enabled to false.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
