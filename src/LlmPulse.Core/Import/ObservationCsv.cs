using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Import;

/// <summary>Observations as CSV in the shape of <c>seeds/observations.csv</c>, so any export can be imported again.</summary>
public static class ObservationCsv
{
    public static string Header => string.Join(',', SeedFiles.ObservationColumns);

    public static string Row(Observation o) => string.Join(',',
        CsvReader.Escape(o.SeriesId),
        o.Period.ToString(),
        o.Measure.ToText(),
        o.Value.ToString(CultureInfo.InvariantCulture),
        o.Approximate ? "true" : "false",
        CsvReader.Escape(o.ReportedBy),
        CsvReader.Escape(o.Note));
}
