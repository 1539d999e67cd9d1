using LlmPulse.Briefings;
using Microsoft.Extensions.Options;

namespace LlmPulse.Jobs;

/// <summary>Checks the <c>Briefings</c> settings when the app starts: known editions, a sensible catch-up window.</summary>
public sealed class BriefingOptionsValidator : IValidateOptions<BriefingOptions>
{
    public ValidateOptionsResult Validate(string? name, BriefingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (options.CatchUpMonths is < 1 or > 120)
        {
            problems.Add($"{BriefingOptions.SectionName}:CatchUpMonths is {options.CatchUpMonths}; expected 1 to 120.");
        }

        for (var i = 0; i < options.Editions.Count; i++)
        {
            if (!Editions.IsAvailable(options.Editions[i]))
            {
                problems.Add($"{BriefingOptions.SectionName}:Editions:{i} '{options.Editions[i]}' is unknown; expected one of {Editions.Describe()}.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
