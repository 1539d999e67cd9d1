using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using NCrontab;

namespace LlmPulse.Functions;

/// <summary>The timers' NCRONTAB schedules, as app settings give them, checked when the app starts.</summary>
public sealed class TimerSchedules
{
    /// <summary>Setting name and value of each timer's schedule; a missing one is null.</summary>
    public Dictionary<string, string?> Settings { get; } = new(StringComparer.Ordinal);

    /// <summary>Reads the schedules from the app settings the host resolves the timers' bindings from.</summary>
    public static void Read(TimerSchedules schedules, IConfiguration configuration)
    {
        schedules.Settings[BriefingSchedule.SettingName] = configuration[BriefingSchedule.SettingName];
        schedules.Settings[CollectorSchedules.TrafficSetting] = configuration[CollectorSchedules.TrafficSetting];
        schedules.Settings[CollectorSchedules.IndexesSetting] = configuration[CollectorSchedules.IndexesSetting];
        schedules.Settings[CollectorSchedules.InvestmentSetting] = configuration[CollectorSchedules.InvestmentSetting];
    }
}

/// <summary>
/// A schedule that is set must parse as the host parses it (six fields, seconds first). A missing one is not a
/// failure here: the host then disables that timer and <see cref="BriefingScheduleCheck"/> says what to set.
/// </summary>
public sealed class TimerSchedulesValidator : IValidateOptions<TimerSchedules>
{
    public ValidateOptionsResult Validate(string? name, TimerSchedules options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        foreach (var (setting, value) in options.Settings.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            if (CrontabSchedule.TryParse(value.Trim(), new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is null)
            {
                problems.Add($"{setting} '{value}' is not an NCRONTAB schedule with six fields (second minute hour day month weekday), such as '{BriefingSchedule.Default}'.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
