using System.Text;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings.Localization;

/// <summary>Nouns a briefing counts in words ("3 levels", "1 change").</summary>
public enum CountedNoun
{
    Level,
    Change,
    Figure,
    Series,
    Month,
}

/// <summary>Verbs whose form in some languages agrees with the series they tell about.</summary>
public enum SeriesVerb
{
    Fell,
    Rose,
    Was,
    StoodAt,
    Reached,
    LastStoodAt,

    /// <summary>A rank improving (its number falling): "climbed".</summary>
    Climbed,

    /// <summary>A rank worsening (its number rising): "slipped".</summary>
    Slipped,
}

/// <summary>
/// Every word and sentence a briefing shows, for one language: a table of templates with named placeholders
/// ("{series} {direction} {streak} {at} ({change}{origin}).{source}"), filled with figures the builder computed
/// and formatted (no figure is ever typed into a template), plus the few language rules a table cannot hold
/// (month names, ordinals, counted nouns, verb agreement).
/// </summary>
/// <remarks>
/// The builder and the renderer both take their words from here, so an edition is one table. Templates are
/// looked up by key; filling one checks that every placeholder gets a value.
/// </remarks>
public abstract class BriefingTexts
{
    public static BriefingTexts English { get; } = new EnglishTexts();

    public static BriefingTexts Arabic { get; } = new ArabicTexts();

    public static BriefingTexts For(BriefingLanguage language) => language switch
    {
        BriefingLanguage.English => English,
        BriefingLanguage.Arabic => Arabic,
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    public abstract BriefingLanguage Language { get; }

    /// <summary>How figures are written in this language.</summary>
    public abstract FigureFormatter Figures { get; }

    /// <summary>Every template key of the table.</summary>
    public IEnumerable<string> Keys => Templates.Keys;

    /// <summary>Joins items of a list inside a sentence: ", " or "، ".</summary>
    public abstract string Comma { get; }

    /// <summary>Joins clauses or names that may hold commas: "; " or "؛ ".</summary>
    public abstract string Semicolon { get; }

    protected abstract IReadOnlyDictionary<string, string> Templates { get; }

    /// <summary>A word or phrase without placeholders ("Web traffic").</summary>
    public string this[string key] => Format(key);

    /// <summary>The raw template of a key, placeholders included.</summary>
    public string Template(string key) =>
        Templates.TryGetValue(key, out var template)
            ? template
            : throw new KeyNotFoundException($"The {Language} text table has no '{key}'.");

    /// <summary>
    /// Fills the template of <paramref name="key"/> with named values. A language may leave a value unused
    /// (Arabic says "one figure" in words where English writes "1 ... figure").
    /// </summary>
    /// <exception cref="FormatException">A placeholder has no value.</exception>
    public string Format(string key, params ReadOnlySpan<(string Name, string Value)> values)
    {
        var template = Template(key);
        var text = new StringBuilder(template.Length + 64);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                text.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open + 1);
            if (close < 0)
            {
                throw new FormatException($"Template '{key}' ({Language}) has an unclosed placeholder.");
            }

            text.Append(template, i, open - i);
            var name = template.AsSpan(open + 1, close - open - 1);
            var found = false;
            for (var v = 0; v < values.Length; v++)
            {
                if (name.SequenceEqual(values[v].Name))
                {
                    text.Append(values[v].Value);
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                throw new FormatException($"Template '{key}' ({Language}) needs a value for {{{name}}}.");
            }

            i = close + 1;
        }

        return text.ToString();
    }

    /// <summary>Names of the placeholders a template uses, in order.</summary>
    public IReadOnlyList<string> Placeholders(string key)
    {
        var template = Template(key);
        var names = new List<string>();
        for (var open = template.IndexOf('{'); open >= 0; open = template.IndexOf('{', open + 1))
        {
            var close = template.IndexOf('}', open);
            names.Add(template[(open + 1)..close]);
        }

        return names;
    }

    /// <summary>A month as a title gives it: "July 2023", "يوليو 2023".</summary>
    public abstract string MonthYear(BriefingMonth month);

    /// <summary>A period as a table gives it: "20 Jun 2023", "Jul 2023", "2023 Q2", "2023 H1", "2023".</summary>
    public abstract string Period(Period period);

    /// <summary>A day written out: "31 July 2023".</summary>
    public abstract string LongDate(DateOnly date);

    /// <summary>A moment written out: "2 August 2023, 06:30 UTC".</summary>
    public abstract string LongDateTime(DateTimeOffset time);

    /// <summary>"on 20 Jun 2023" for a day, "in Jul 2023" for longer periods.</summary>
    public abstract string At(Period period);

    /// <summary>"previous month", "previous quarter".</summary>
    public abstract string Previous(PeriodKind kind);

    /// <summary>The period as a chart groups by it: "quarter".</summary>
    public abstract string PeriodNoun(PeriodKind kind);

    /// <summary>"quarter over quarter".</summary>
    public abstract string OverPrevious(PeriodKind kind);

    /// <summary>"for a third consecutive month".</summary>
    public abstract string Streak(int length, PeriodKind kind);

    /// <summary>"3 levels", "1 change".</summary>
    public abstract string Count(int n, CountedNoun noun);

    /// <summary>
    /// A count after a preposition ("after 2 months", "over 30 months"): where a language inflects the counted noun
    /// for case, it takes its genitive form there (Arabic "بعد شهرين", not "بعد شهران").
    /// </summary>
    public virtual string CountAfterPreposition(int n, CountedNoun noun) => Count(n, noun);

    /// <summary>
    /// The end of a list cut short, counting what it leaves out: " and 3 more" (English), " و3 سلاسل أخرى" (Arabic,
    /// whose "other" agrees with the count). A bare count there ("and 3 series") reads as if those were all.
    /// </summary>
    public abstract string AndMore(int n, CountedNoun noun);

    /// <summary>The name of a series as this edition shows it.</summary>
    public virtual string SeriesName(Series series) => series.Name;

    /// <summary>A verb with <paramref name="series"/> as its subject ("fell", "انخفضت").</summary>
    public abstract string Verb(SeriesVerb verb, Series series);

    /// <summary>"fell" for a decline, "rose" otherwise.</summary>
    public string Moved(bool declining, Series series) => Verb(declining ? SeriesVerb.Fell : SeriesVerb.Rose, series);

    /// <summary>A unit as a table header or axis names it ("visits").</summary>
    public virtual string Unit(string unit) => unit;

    /// <summary>An observation's note as this edition shows it (notes are stored in English).</summary>
    public virtual string Note(string note) => note;
}
