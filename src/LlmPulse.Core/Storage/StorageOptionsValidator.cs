using Microsoft.Extensions.Options;

namespace LlmPulse.Storage;

/// <summary>
/// Checks the <c>Storage</c> settings when the app starts: table and container names Azure accepts, and retry
/// figures that make sense. One failure per problem.
/// </summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>, IValidateOptions<RunStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var (setting, table) in new[]
        {
            (nameof(StorageOptions.SeriesTable), options.SeriesTable),
            (nameof(StorageOptions.ObservationsTable), options.ObservationsTable),
            (nameof(StorageOptions.DeliveriesTable), options.DeliveriesTable),
        })
        {
            TableName(setting, table, problems);
        }

        // The months and days tables are named after the observations table, so that name leaves room for the
        // longer suffix (months), which leaves room for the other.
        if (options.ObservationsTable is { Length: <= 63 } observations && observations.Length + StorageOptions.MonthsTableSuffix.Length > 63)
        {
            problems.Add($"{StorageOptions.SectionName}:ObservationsTable '{observations}' is too long: the table beside it, '{options.MonthsTable}', takes its name and '{StorageOptions.MonthsTableSuffix}', and table names have at most 63 characters.");
        }

        var container = options.BriefingsContainer ?? "";
        if (container.Length is < 3 or > 63 || !container.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || !char.IsAsciiLetterOrDigit(container[0]) || container.EndsWith('-') || container.Contains("--", StringComparison.Ordinal))
        {
            problems.Add($"{StorageOptions.SectionName}:BriefingsContainer '{container}' is not a blob container name: 3 to 63 lower-case letters, digits and single dashes.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            problems.Add($"{StorageOptions.SectionName}:MaxRetries is {options.MaxRetries}; expected 0 to 20.");
        }

        if (options.NetworkTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{StorageOptions.SectionName}:NetworkTimeout is {options.NetworkTimeout}; expected more than zero.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    public ValidateOptionsResult Validate(string? name, RunStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        TableName(nameof(RunStoreOptions.RunsTable), options.RunsTable, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void TableName(string setting, string? table, List<string> problems)
    {
        if (table is not { Length: >= 3 and <= 63 } || !char.IsAsciiLetter(table[0]) || !table.All(char.IsAsciiLetterOrDigit))
        {
            problems.Add($"{StorageOptions.SectionName}:{setting} '{table}' is not a table name: 3 to 63 letters and digits, starting with a letter.");
        }
    }
}
