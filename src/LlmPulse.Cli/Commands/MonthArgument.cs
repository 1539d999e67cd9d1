using LlmPulse.Briefings;

namespace LlmPulse.Cli.Commands;

/// <summary>A month as the commands take it: YYYY-MM, or "latest" for the latest month in the data.</summary>
internal static class MonthArgument
{
    public static async Task<BriefingMonth> ResolveAsync(BriefingService service, string text, CancellationToken cancellationToken)
    {
        if (string.Equals(text, "latest", StringComparison.OrdinalIgnoreCase))
        {
            return await service.LatestMonthWithDataAsync(cancellationToken).ConfigureAwait(false)
                ?? throw new FormatException("there is no data yet to find the latest month in: run 'llmpulse import seeds' first.");
        }

        return BriefingMonth.Parse(text);
    }
}
