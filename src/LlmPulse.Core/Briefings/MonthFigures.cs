using System.Globalization;
using System.Text.Json;
using LlmPulse.Metrics;
using LlmPulse.Storage;

namespace LlmPulse.Briefings;

/// <summary>
/// The figures of one month a briefing version was built from: every stored observation whose period ends in the
/// month, as "series period measure" and its value. Kept beside the version so the reconciler can tell whether
/// later data (a late figure, a revised one) is worth a new version, and say what changed.
/// </summary>
public sealed class MonthFigures
{
    private readonly SortedDictionary<string, decimal> _values;

    private MonthFigures(SortedDictionary<string, decimal> values) => _values = values;

    public int Count => _values.Count;

    public static MonthFigures From(IEnumerable<Observation> observations)
    {
        var values = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var o in observations)
        {
            values[Name(o)] = o.Value;
        }

        return new MonthFigures(values);
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(_values, StoredJson.Default.SortedDictionaryStringDecimal);

    public static MonthFigures? FromJson(byte[] json)
    {
        try
        {
            var values = JsonSerializer.Deserialize(json, StoredJson.Default.DictionaryStringDecimal);
            return values is null ? null : new MonthFigures(new SortedDictionary<string, decimal>(values, StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// What changed since <paramref name="earlier"/>, one line per figure: new figures always count; a changed value
    /// counts when it moved by more than <paramref name="minChangePct"/> percent of the earlier value (0: any change).
    /// Figures that disappeared are listed too.
    /// </summary>
    public IReadOnlyList<string> ChangesSince(MonthFigures earlier, decimal minChangePct)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        var changes = new List<string>();
        foreach (var (name, value) in _values)
        {
            if (!earlier._values.TryGetValue(name, out var old))
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"new figure: {name} = {value}"));
            }
            else if (value != old && Material(old, value, minChangePct))
            {
                changes.Add(string.Create(CultureInfo.InvariantCulture, $"revised: {name} from {old} to {value}"));
            }
        }

        changes.AddRange(earlier._values.Keys.Where(k => !_values.ContainsKey(k)).Select(k => $"removed: {k}"));
        return changes;
    }

    private static bool Material(decimal old, decimal value, decimal minChangePct) =>
        minChangePct <= 0 || old == 0 || Math.Abs((value - old) / old) * 100m > minChangePct;

    private static string Name(Observation o)
    {
        var measure = o.Measure == Measure.Level ? "" : " " + o.Measure.ToText();
        return $"{o.SeriesId} {o.Period}{measure}";
    }
}
