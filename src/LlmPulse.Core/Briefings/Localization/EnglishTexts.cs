using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings.Localization;

/// <summary>The English edition's words and sentences.</summary>
internal sealed class EnglishTexts : BriefingTexts
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        // Title and document properties
        ["title"] = "LlmPulse monthly briefing",
        ["subtitle"] = "The large-language-model market in {month}",
        ["document.title"] = "{title}: {month}",
        ["document.author"] = "LlmPulse",
        ["document.subject"] = "Web traffic of AI products, concept-sector index moves and AI investment totals as of {date}",
        ["document.keywords"] = "LLM, ChatGPT, AI traffic, concept index, AI investment, {month}",

        // Key findings
        ["finding.latest"] = "{series} {was} {level} {at}, the latest figure reported by {source}.",
        ["finding.coverage"] = "{withData} of {total} tracked series have a figure for {month} or its latest complete period; the rest are listed as gaps under Sources and methodology.",
        ["finding.streak"] = "{series} {direction} {streak} {at} ({change}{origin}).{source}",
        ["finding.level-move"] = "{series} {direction} from {before} {atBefore} to {after} {atAfter} ({change}, {derived}).",
        ["finding.largest-move"] = "The largest move of {month}: {series} {direction} {magnitude} against the {previous}{origin}.{source}",
        ["finding.largest-index-move"] = "The largest move of {month}: {series} {direction} {magnitude} over the month to {level} ({derived}).",
        ["finding.new-high"] = "{series} {reached} a new high of {level} {at}.",
        ["finding.old-peak"] = "{series} {stood} its peak of {level} ({period}); no level was reported in {month}.",
        ["finding.drawdown"] = "{series} {stood} {level} {at}, {magnitude} below its peak of {peak} {atPeak} ({derived}).",
        ["finding.investment"] = "{series} {direction} {magnitude} {overPrevious} in {period}{origin}.{source}",
        ["finding.origin"] = ", {derived}",
        ["finding.source"] = " Reported by {source}.",

        // Web traffic (and the series overview shared with investment)
        ["section.traffic"] = "Web traffic",
        ["traffic.none"] = "No web-traffic figures are stored as of {date}.",
        ["tile.level"] = "Level, {period}",
        ["tile.reported-by"] = "Reported by {source}",
        ["tile.change"] = "Change vs {previous}, {period}",
        ["tile.change-derived"] = "Derived from the {previousPeriod} and {period} levels",
        ["tile.yoy"] = "Year over year, {period}",
        ["derivation.change"] = "{series}, {period}: {change} computed from the levels of {previousPeriod} and {period}.",
        ["derivation.level-move"] = "{series}: {change} from {from} to {to}, computed from the two levels.",
        ["chart.by-period"] = "{series} by {period}",
        ["chart.last-months"] = "{series}, last {months} months",
        ["chart.small-multiples"] = "Side by side, on one scale: {unit}, last {months} months",
        ["chart.changes"] = "{series}: change vs {previous}, %",
        ["chart.change-axis"] = "% change",
        ["chart.too-little"] = "Too little data for a chart: {levels} and {changes} in the last {months} months.",
        ["table.period"] = "Period",
        ["table.level"] = "Level ({unit})",
        ["table.change"] = "Change vs {previous}",
        ["table.note"] = "Note",
        ["table.none"] = "-",
        ["table.caption"] = "{series}: figures for periods ending {from} to {to}.",
        ["note.stale"] = "Latest figure is for {period}, older than {month}: nothing newer was reported by {date}.",

        // Index moves
        ["section.indexes"] = "Index moves",
        ["indexes.none"] = "No index levels are stored as of {date}.",
        ["indexes.breadth"] = "Breadth",
        ["tile.month-end"] = "Month-end level",
        ["tile.month-end-detail"] = "{period}, reported by {source}",
        ["tile.over-month"] = "Change over the month",
        ["tile.over-month-against-end"] = "Against {level} at the end of {month}",
        ["tile.over-month-against-latest"] = "Against {level} ({period}), the latest level before {month}",
        ["derivation.over-month"] = "{series}, change over {month}: {change}, the month-end level against the latest level at or before {date}.",
        ["tile.high"] = "High, last {months} months",
        ["tile.low"] = "Low, last {months} months",
        ["tile.drawdown"] = "Drawdown from peak",
        ["tile.at-peak"] = "At peak",
        ["tile.peak-detail"] = "Peak {level} {at}",
        ["derivation.drawdown"] = "{series}: drawdown of {change}, the latest level against the highest level to date.",
        ["table.figure"] = "Figure",
        ["table.value"] = "Value",
        ["table.as-of"] = "As of",
        ["table.reported-by"] = "Reported by",
        ["breadth.caption"] = "Latest breadth figures as of the month end.",

        // Investment totals
        ["section.investment"] = "Investment totals",
        ["investment.none"] = "No investment totals are stored as of {date}.",
        ["investment.change-only"] = "No total is stored for {period}; its source reported only the change against the {previous}.",

        // Other signals
        ["section.signals"] = "Other signals in the month",
        ["signals.launches"] = "Model launches",
        ["signals.company"] = "Company figures",
        ["signals.market"] = "Market and costs",
        ["table.signal"] = "Signal",
        ["signals.none"] = "No launch, company or market figures were reported for periods ending in {month}.",
        ["signals.count.one"] = "{total} launch, company and market figure was reported for periods ending in {month}.",
        ["signals.count.other"] = "{total} launch, company and market figures were reported for periods ending in {month}.",
        ["signal.vs-previous"] = "{change} vs {previous}",
        ["signal.yoy"] = "{change} year over year",

        // Sources and methodology
        ["section.sources"] = "Sources and methodology",
        ["sources.heading"] = "Sources",
        ["sources.line"] = "{source}: {series}",
        ["sources.via"] = " (as published by {via})",
        ["sources.collected"] = ". Collected {date}.",
        ["sources.none"] = "No figures were used.",
        ["methodology.heading"] = "Methodology",
        ["methodology.as-of"] = "Only figures for periods ending on or before {date} are used: a briefing never shows later data. Each section shows the latest figure available by then and says so when it is older than {month}.",
        ["methodology.reported"] = "Reported figures are shown with the precision their source gave, large numbers to at most four significant digits; the stored figures keep every digit. A reported figure always wins over one LlmPulse could derive.",
        ["methodology.derived"] = "Figures marked {derived} are computed by LlmPulse from reported figures and rounded to one decimal: a change against the previous period from two consecutive levels, an index's change over the month from its month-end level against the latest level at or before the previous month end, and a drawdown from the highest level to date.",
        ["methodology.approximate"] = "Figures marked {approximate} are given by their source as approximate (\"about\", \"at least\", \"over\", \"under\").",
        ["methodology.streak"] = "A streak counts consecutive periods moving the same way; a missing period ends it.",
        ["derived.heading"] = "Derived figures in this briefing",
        ["approximate.heading"] = "Approximate figures in this briefing",
        ["approximate.item"] = "{series}, {period}: {level}",
        ["approximate.note"] = " ({note})",
        ["gaps.heading"] = "Gaps",
        ["gaps.latest"] = "{series}: no figure for {month}; latest is {period}",
        ["gaps.none-yet"] = "{series}: no figure yet",
        ["gaps.irregular"] = " (reported irregularly).",
        ["gaps.end"] = ".",
        ["gaps.all-covered"] = "Every tracked series has a figure for {month} or its latest complete period.",
        ["readiness.heading"] = "Still missing when this version was rendered",
        ["readiness.item"] = "{series}: its figure for {month} had not been published; a later version adds it once it is in.",

        // Months made from days, moves in the unit's own terms, featured series and the compact table
        ["tile.rollup"] = "{rule}, {days} of {total} days{partial}; {source}",
        ["rollup.sum"] = "Total",
        ["rollup.last"] = "Month-end",
        ["rollup.mean"] = "Average",
        ["rollup.median"] = "Median",
        ["rollup.partial"] = ", partial month",
        ["rule.sum"] = "the total",
        ["rule.last"] = "the last figure",
        ["rule.mean"] = "the average",
        ["rule.median"] = "the median",
        ["tile.yoy-derived"] = "Against {period}",
        ["change.places.up"] = "up {places}",
        ["change.places.down"] = "down {places}",
        ["finding.rank-move"] = "{series} {direction} {places} to {rank} {at}{partial}.",
        ["finding.month-move"] = "{series} {direction} {magnitude} in {month}, to {level}{origin}{partial}.",
        ["finding.points-move"] = "{series} {direction} {points} to {level} {at}{partial}.",
        ["finding.partial"] = " (partial month: {days} of {total} days)",
        ["finding.merged"] = "{count} in {section} {direction}{what} in {month}: {names}.",
        ["merged.rose"] = "rose",
        ["merged.fell"] = "fell",
        ["merged.climbed"] = "climbed",
        ["merged.slipped"] = "slipped",
        ["merged.and"] = " and ",
        ["amount.percent"] = "{amount}",
        ["amount.places"] = "{amount}",
        ["amount.points"] = "{amount}",
        ["finding.record-high"] = "{series} {direction} a new high of {level} {at}, the highest of {months} on record and {margin} above the previous high {atPrevious}{origin}{partial}.",
        ["finding.record-low"] = "{series} {direction} to a new low of {level} {at}, the lowest of {months} on record and {margin} below the previous low {atPrevious}{origin}{partial}.",
        ["finding.record-best-rank"] = "{series} {direction} to {level} {at}, its best place in {months} on record and {margin} better than the previous best {atPrevious}{partial}.",
        ["finding.record-worst-rank"] = "{series} {direction} to {level} {at}, its worst place in {months} on record and {margin} worse than the previous worst {atPrevious}{partial}.",
        ["finding.reversal"] = "{series} {direction} {amount} to {level} {at}{origin}, ending a run of {run} in which it {before}{partial}.",
        ["reversal.rose"] = "rose",
        ["reversal.fell"] = "fell",
        ["reversal.climbed"] = "climbed",
        ["reversal.slipped"] = "slipped",
        ["finding.yoy"] = "{series} {direction} {amount} year over year, to {level} {at} against {yearAgo}{origin}{partial}.",
        ["merged.record-high"] = "reached",
        ["merged.what.record-high"] = " a new high",
        ["merged.record-low"] = "fell",
        ["merged.what.record-low"] = " to a new low",
        ["merged.record-best-rank"] = "reached",
        ["merged.what.record-best-rank"] = " their best place on record",
        ["merged.record-worst-rank"] = "fell",
        ["merged.what.record-worst-rank"] = " to their worst place on record",
        ["merged.reversal.rose"] = "rose",
        ["merged.what.reversal.rose"] = " after months of falls",
        ["merged.reversal.fell"] = "fell",
        ["merged.what.reversal.fell"] = " after months of rises",
        ["merged.reversal.climbed"] = "climbed",
        ["merged.what.reversal.climbed"] = " after months of slipping",
        ["merged.reversal.slipped"] = "slipped",
        ["merged.what.reversal.slipped"] = " after months of climbing",
        ["merged.yoy.rose"] = "rose",
        ["merged.what.yoy.rose"] = " year over year",
        ["merged.yoy.fell"] = "fell",
        ["merged.what.yoy.fell"] = " year over year",
        ["merged.yoy.climbed"] = "climbed",
        ["merged.what.yoy.climbed"] = " year over year",
        ["merged.yoy.slipped"] = "slipped",
        ["merged.what.yoy.slipped"] = " year over year",
        ["compact.heading"] = "Other series",
        ["compact.series"] = "Series",
        ["compact.latest"] = "Latest",
        ["compact.trend"] = "Last {months} months",
        ["compact.caption"] = "Series without news of their own, largest moves against their usual range first.",
        ["compact.more"] = "A further {count} moved within their usual range in {month}; llmpulse series lists every series.",
        ["methodology.rollup"] = "A daily series is read as months: each month's figure is made from its days by the series' rule (a total for visits and views, the month-end figure for prices, index points and counts, an average for shares, the median for ranks) and is a derived figure; a month is partial until a day after it is stored. Ranks move in places, shares in percentage points, other levels in percent. Findings (a month's move, a new high or low over at least twelve months, a turn after three or more months the other way, a move against a year earlier) are ranked by how far a move lies outside the spread of the series' last twelve monthly moves; featured series come first when they have news.",
        ["derivation.rollup"] = "{series}: {rule} of each month's days; {month} from {days} of {total} days{partial}.",

        // The cover's at-a-glance band, what changed, and the one-line summary opening each data section
        ["cover.at-a-glance"] = "At a glance",
        ["cover.changed"] = "What changed since the last briefing",
        ["cover.tile-label"] = "{series}, {period}",
        ["cover.no-figure"] = "No figure yet",
        ["cover.source"] = "Source: {source}",
        ["cover.change"] = "{change} vs {previous}",
        ["cover.change-derived"] = "{change} vs {previous} ({derived})",
        ["cover.change-over-month"] = "{change} over the month ({derived})",
        ["changes.item"] = "{series} ({period})",
        ["changes.new"] = "New figures for periods ending in {month}: {list}.",
        ["changes.none-new"] = "No new figures for periods ending in {month}.",
        ["changes.revised"] = "Added or revised for earlier periods since the last briefing ({date}): {list}.",
        ["changes.none-revised"] = "No figure for an earlier period was added or revised since the last briefing ({date}).",
        ["changes.no-earlier"] = "No earlier briefing is stored, so revisions cannot be told apart from history.",
        ["changes.quiet"] = "Reported in {previousMonth} but not since: {list}.",
        ["changes.more"] = "{list}; and {count} more",
        ["summary.level"] = "{series} {was} {level} {at}{change}.",
        ["summary.change-only"] = "{series}: {change} against the {previous} {at}; no level was reported.",
        ["cover.change-only"] = "vs {previous}; no level reported",
        ["summary.change"] = ", {change}",

        // Words the renderer draws around the model
        ["render.brand"] = "LlmPulse",
        ["render.key-findings"] = "Key findings",
        ["render.data-as-of"] = "Data as of {date}",
        ["render.generated"] = "Generated {time}",
        ["render.page"] = "Page {page} of {pages}",
        ["render.approximate-marker"] = "approx.",
        ["render.derived-legend"] = "\u2020 Derived: calculated by LlmPulse from reported figures.",
        ["render.approximate-legend"] = "approx. = approximate: the source gives a rounded or estimated figure.",
        ["render.hollow-markers"] = "Hollow markers show approximate values.",
        ["render.light-bars"] = "Light bars show approximate values.",
        ["render.peak"] = "Peak {value}",
        ["render.latest"] = "Latest {value}",
        ["render.latest-peak"] = "Latest and peak {value}",
        ["render.axis-scale"] = "{label} ({scale})",
        ["render.scale.thousand"] = "thousands",
        ["render.scale.million"] = "millions",
        ["render.scale.billion"] = "billions",
        ["render.scale.trillion"] = "trillions",
    };

    public override BriefingLanguage Language => BriefingLanguage.English;

    public override FigureFormatter Figures => FigureFormatter.English;

    public override string Comma => ", ";

    public override string Semicolon => "; ";

    protected override IReadOnlyDictionary<string, string> Templates => Table;

    public override string MonthYear(BriefingMonth month) => month.DisplayName;

    public override string Period(Period period) => period.DisplayName;

    public override string LongDate(DateOnly date) => date.ToString("d MMMM yyyy", Invariant);

    public override string LongDateTime(DateTimeOffset time) => time.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", Invariant);

    public override string At(Period period) => (period.Kind == PeriodKind.Day ? "on " : "in ") + period.DisplayName;

    public override string Previous(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "previous day",
        PeriodKind.Month => "previous month",
        PeriodKind.Quarter => "previous quarter",
        PeriodKind.Half => "previous half year",
        _ => "previous year",
    };

    public override string PeriodNoun(PeriodKind kind) => PeriodWord(kind);

    public override string OverPrevious(PeriodKind kind) => $"{PeriodWord(kind)} over {PeriodWord(kind)}";

    public override string Streak(int length, PeriodKind kind) => $"for a {Ordinal(length)} consecutive {PeriodWord(kind)}";

    public override string Count(int n, CountedNoun noun)
    {
        var word = noun switch
        {
            CountedNoun.Level => "level",
            CountedNoun.Change => "change",
            CountedNoun.Figure => "figure",
            CountedNoun.Month => "month",
            _ => "series",
        };
        return n == 1 || noun == CountedNoun.Series ? $"{n} {word}" : $"{n} {word}s";
    }

    public override string AndMore(int n, CountedNoun noun) => string.Create(CultureInfo.InvariantCulture, $" and {n} more");

    public override string Verb(SeriesVerb verb, Series series) => verb switch
    {
        SeriesVerb.Fell => "fell",
        SeriesVerb.Rose => "rose",
        SeriesVerb.Was => "was",
        SeriesVerb.StoodAt => "stood at",
        SeriesVerb.Reached => "reached",
        SeriesVerb.Climbed => "climbed",
        SeriesVerb.Slipped => "slipped",
        _ => "last stood at",
    };

    private static string PeriodWord(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "day",
        PeriodKind.Month => "month",
        PeriodKind.Quarter => "quarter",
        PeriodKind.Half => "half year",
        _ => "year",
    };

    private static string Ordinal(int n) => n switch
    {
        2 => "second",
        3 => "third",
        4 => "fourth",
        5 => "fifth",
        6 => "sixth",
        7 => "seventh",
        8 => "eighth",
        9 => "ninth",
        10 => "tenth",
        _ => n.ToString(Invariant) + "th",
    };
}
