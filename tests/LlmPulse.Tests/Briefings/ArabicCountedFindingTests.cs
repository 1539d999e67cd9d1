using LlmPulse.Briefings;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// The Arabic findings of issue 14 (records, reversals, year-over-year moves, rank and share moves, merged
/// sentences) with counts of 1, 2, 3 and 11, where Arabic counts differently: "مركز واحد" and "شهر واحد" in words,
/// the dual after a preposition in its genitive ("مركزين", "شهرين"), the plural after 3 ("3 مراكز", "3 أشهر"), the
/// accusative singular after 11 ("11 مركزًا", "11 شهرًا"). A share's points always carry one decimal, after which
/// Arabic takes the singular ("2.0 نقطة مئوية").
/// </summary>
public sealed class ArabicCountedFindingTests
{
    private static readonly BriefingTexts T = BriefingTexts.Arabic;
    private static readonly FigureFormatter F = FigureFormatter.Arabic;

    private static readonly DateTimeOffset GeneratedAt = new(2024, 7, 1, 7, 0, 0, TimeSpan.Zero);
    private static readonly BriefingMonth June = BriefingMonth.Parse("2024-06");
    private static readonly DateOnly First = new(2022, 1, 1);
    private const int JuneIndex = 29;

    public static TheoryData<int, string, string, string, string> Counts => new()
    {
        // n, places, months, points, series (as a subject)
        { 1, "مركز واحد", "شهر واحد", "1.0 نقطة مئوية", "سلسلة واحدة" },
        { 2, "مركزين", "شهرين", "2.0 نقطة مئوية", "سلسلتان" },
        { 3, "3 مراكز", "3 أشهر", "3.0 نقطة مئوية", "3 سلاسل" },
        { 11, "11 مركزًا", "11 شهرًا", "11.0 نقطة مئوية", "11 سلسلة" },
    };

    [Theory]
    [MemberData(nameof(Counts))]
    public void Every_new_finding_kind_counts_places_points_months_and_series_in_the_form_arabic_asks_for(int n, string places, string months, string points, string series)
    {
        var rank = new Series("traffic.count.rank", SeriesCategory.Traffic, "Site rank", "rank", Frequency.Daily, "Gen");
        var share = new Series("traffic.count.share", SeriesCategory.Traffic, "Site share", "percent", Frequency.Daily, "Gen");
        var at = T.At(Period.Month(2024, 6));
        var atPrevious = T.At(Period.Month(2023, 3));
        (string Name, string Value)[] common =
        [
            ("at", at), ("atPrevious", atPrevious), ("partial", ""), ("origin", ""),
            ("yearAgo", T.Period(Period.Month(2023, 6))), ("month", T.MonthYear(June)),
        ];

        string Finding(string key, params (string Name, string Value)[] values) =>
            T.Format(key, [.. values, .. common.Where(c => !values.Any(v => v.Name == c.Name))]);

        var rankName = T.SeriesName(rank);
        var shareName = T.SeriesName(share);
        var rankLevel = F.Level(9, "rank");
        var shareLevel = F.LevelInSentence(42.5m, "percent", false);
        var placesAmount = T.Format("amount.places", ("amount", F.Places(-n)));
        var pointsAmount = T.Format("amount.points", ("amount", F.PercentPoints(n)));

        Assert.Equal(
            $"تقدّم {rankName} بمقدار {places} إلى {rankLevel} {at}.",
            Finding("finding.rank-move", ("series", rankName), ("direction", T.Verb(SeriesVerb.Climbed, rank)), ("places", F.Places(-n)), ("rank", rankLevel)));
        Assert.Equal(
            $"ارتفع {shareName} بمقدار {points} إلى {shareLevel} {at}.",
            Finding("finding.points-move", ("series", shareName), ("direction", T.Verb(SeriesVerb.Rose, share)), ("points", F.PercentPoints(n)), ("level", shareLevel)));
        Assert.Equal(
            $"تقدّم {rankName} إلى {rankLevel} {at}، وهي أفضل مرتبة على مدى {months} من البيانات المسجّلة، بفارق {places} عن أفضل مرتبة سابقة {atPrevious}.",
            Finding("finding.record-best-rank", ("series", rankName), ("direction", T.Verb(SeriesVerb.Climbed, rank)), ("level", rankLevel), ("months", T.CountAfterPreposition(n, CountedNoun.Month)), ("margin", F.Places(n))));
        Assert.Equal(
            $"تراجع {rankName} إلى {rankLevel} {at}، وهي أسوأ مرتبة على مدى {months} من البيانات المسجّلة، بفارق {places} عن أسوأ مرتبة سابقة {atPrevious}.",
            Finding("finding.record-worst-rank", ("series", rankName), ("direction", T.Verb(SeriesVerb.Slipped, rank)), ("level", rankLevel), ("months", T.CountAfterPreposition(n, CountedNoun.Month)), ("margin", F.Places(n))));
        Assert.Equal(
            $"سجّل {shareName} قمة جديدة عند {shareLevel} {at}، وهي الأعلى على مدى {months} من البيانات المسجّلة، بفارق {points} عن القمة السابقة {atPrevious}.",
            Finding("finding.record-high", ("series", shareName), ("direction", T.Verb(SeriesVerb.Reached, share)), ("level", shareLevel), ("months", T.CountAfterPreposition(n, CountedNoun.Month)), ("margin", F.PercentPoints(n))));
        Assert.Equal(
            $"انخفض {shareName} إلى قاع جديد عند {shareLevel} {at}، وهو الأدنى على مدى {months} من البيانات المسجّلة، بفارق {points} عن القاع السابق {atPrevious}.",
            Finding("finding.record-low", ("series", shareName), ("direction", T.Verb(SeriesVerb.Fell, share)), ("level", shareLevel), ("months", T.CountAfterPreposition(n, CountedNoun.Month)), ("margin", F.PercentPoints(n))));
        Assert.Equal(
            $"تقدّم {rankName} بمقدار {places} إلى {rankLevel} {at}، بعد {months} من التراجع على التوالي.",
            Finding("finding.reversal", ("series", rankName), ("direction", T.Verb(SeriesVerb.Climbed, rank)), ("amount", placesAmount), ("level", rankLevel), ("run", T.CountAfterPreposition(n, CountedNoun.Month)), ("before", T["reversal.slipped"])));
        Assert.Equal(
            $"ارتفع {shareName} بمقدار {points} على أساس سنوي إلى {shareLevel} {at} مقارنة مع يونيو 2023.",
            Finding("finding.yoy", ("series", shareName), ("direction", T.Verb(SeriesVerb.Rose, share)), ("amount", pointsAmount), ("level", shareLevel)));
        Assert.Equal(
            $"تقدّمت {series} في قسم حركة المرور على الويب إلى أفضل مراتبها المسجّلة في يونيو 2024: a وb.",
            Finding("finding.merged", ("count", T.Count(n, CountedNoun.Series)), ("section", "حركة المرور على الويب"), ("direction", T["merged.record-best-rank"]), ("what", T["merged.what.record-best-rank"]), ("names", "a" + T["merged.and"] + "b")));
        Assert.Equal($"تقدّم {places}", T.Format("change.places.up", ("places", F.Places(n))));
        Assert.Equal(
            $"تحركت بقية السلاسل، وعددها {series}، ضمن نطاقها المعتاد في يونيو 2024؛ ويعرض الأمر llmpulse series كل السلاسل.",
            T.Format("compact.more", ("count", T.Count(n, CountedNoun.Series)), ("month", T.MonthYear(June))));
    }

    [Theory]
    [InlineData(1, " وسلسلة أخرى", " وشهر آخر", " and 1 more")]
    [InlineData(2, " وسلسلتان أخريان", " وشهران آخران", " and 2 more")]
    [InlineData(3, " و3 سلاسل أخرى", " و3 أشهر أخرى", " and 3 more")]
    [InlineData(11, " و11 سلسلة أخرى", " و11 شهرًا آخر", " and 11 more")]
    [InlineData(103, " و103 سلاسل أخرى", " و103 أشهر أخرى", " and 103 more")]
    public void A_list_cut_short_counts_the_others_with_other_agreeing_with_the_count(int n, string series, string months, string english)
    {
        // A bare count ("و3 سلاسل", "and 3 series") at the end of a list of names read as if those were all of them.
        Assert.Equal(series, T.AndMore(n, CountedNoun.Series));
        Assert.Equal(months, T.AndMore(n, CountedNoun.Month));
        Assert.Equal(english, BriefingTexts.English.AndMore(n, CountedNoun.Series));
    }

    [Theory]
    [InlineData(1, "مركز واحد")]
    [InlineData(2, "مركزين")]
    [InlineData(3, "3 مراكز")]
    [InlineData(11, "11 مركزًا")]
    public void A_rank_at_its_best_by_a_margin_of_places_names_the_margin_in_the_genitive(int margin, string places)
    {
        // 30th and 31st by turns for two and a half years (30th last in May), then June at a new best, `margin` places above it.
        var rank = Daily("traffic.best.rank", "rank");
        var days = Days(rank, m => m == JuneIndex ? 30 - margin : 30 + (m % 2));

        var finding = Assert.Single(Findings([rank], days), f => f.Contains("أفضل مرتبة", StringComparison.Ordinal));

        Assert.Equal($"تقدّم traffic.best.rank name إلى المرتبة {30 - margin} في يونيو 2024، وهي أفضل مرتبة على مدى 30 شهرًا من البيانات المسجّلة، بفارق {places} عن أفضل مرتبة سابقة في مايو 2024.", finding);
    }

    [Theory]
    [InlineData(3, "3 أشهر")]
    [InlineData(11, "11 شهرًا")]
    public void A_rank_turning_after_a_run_of_months_counts_the_run_in_the_genitive(int run, string months)
    {
        // 20th until the run, one place lower each month of the run, then June two places back up.
        var rank = Daily("traffic.run.rank", "rank");
        var start = JuneIndex - run;
        var days = Days(rank, m => m < start ? 20 : m < JuneIndex ? 20 + (m - start + 1) : 20 + run - 2);

        var finding = Assert.Single(Findings([rank], days), f => f.Contains("على التوالي", StringComparison.Ordinal));

        Assert.Equal($"تقدّم traffic.run.rank name بمقدار مركزين إلى المرتبة {18 + run} في يونيو 2024، بعد {months} من التراجع على التوالي.", finding);
    }

    private static Series Daily(string id, string unit) => new(id, SeriesCategory.Traffic, id + " name", unit, Frequency.Daily, "Gen");

    private static IEnumerable<Observation> Days(Series series, Func<int, decimal> monthLevel)
    {
        for (var d = First; d <= June.LastDay; d = d.AddDays(1))
        {
            var month = ((d.Year - First.Year) * 12) + d.Month - 1;
            yield return new Observation(series.Id, Period.Day(d), Measure.Level, monthLevel(month), false, "Gen", "", GeneratedAt);
        }
    }

    private static IReadOnlyList<string> Findings(IReadOnlyList<Series> series, IEnumerable<Observation> observations) =>
        new BriefingBuilder().Build(new BriefingData(June, series, observations.ToArray()), GeneratedAt, BriefingLanguage.Arabic).KeyFindings.Select(f => f.Text).ToArray();
}
