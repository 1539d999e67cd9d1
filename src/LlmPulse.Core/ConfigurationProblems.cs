using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LlmPulse;

/// <summary>
/// The configuration check both doors run before they do anything: every options class registered with
/// <c>ValidateOnStart</c> is validated, and each problem becomes one line for the person who set it.
/// </summary>
public static class ConfigurationProblems
{
    /// <summary>Validates every options class registered with <c>ValidateOnStart</c>; the problems found, or none.</summary>
    public static IReadOnlyList<string> Check(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (Exception e) when (TryRead(e, out var problems))
        {
            return problems;
        }
    }

    /// <summary>The problems an options validation failure holds, one line each; false for any other exception.</summary>
    public static bool TryRead(Exception exception, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        Collect(exception, found);
        problems = found.Distinct(StringComparer.Ordinal).ToArray();
        return found.Count > 0;
    }

    private static void Collect(Exception? exception, List<string> found)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                found.AddRange(validation.Failures.SelectMany(f => f.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));
                break;
            case AggregateException aggregate:
                foreach (var inner in aggregate.InnerExceptions)
                {
                    Collect(inner, found);
                }

                break;
            case not null:
                Collect(exception.InnerException, found);
                break;
        }
    }
}
