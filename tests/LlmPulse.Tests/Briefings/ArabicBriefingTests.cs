using System.Text.RegularExpressions;
using LlmPulse.Briefings;
using LlmPulse.Briefings.Localization;
using LlmPulse.Metrics;

namespace LlmPulse.Tests.Briefings;

/// <summary>
/// The Arabic edition of the builder: the same figures as the English one, Arabic words from the Arabic text
/// table, Arabic month and period names, verbs that agree with the series, names of products and sources kept.
/// </summary>
public sealed partial class ArabicBriefingTests
{
    private static readonly DateTimeOffset GeneratedAt = new(2023, 10, 1, 7, 0, 0, TimeSpan.Zero);

    // Seed series ids, so the Arabic glossary names them; the unknown one keeps its stored name.
    private static readonly Series UsTraffic = new("traffic.chatgpt.visits.us", SeriesCategory.Traffic, "ChatGPT web traffic, United States", "visits", Frequency.Monthly, "SimilarWeb");
    private static readonly Series Visits = new("traffic.chatgpt.visits.world", SeriesCategory.Traffic, "ChatGPT web visits, worldwide", "visits", Frequency.Monthly, "SimilarWeb");
    private static readonly Series Index = new("index.cn.chatgpt_concept", SeriesCategory.Index, "ChatGPT concept sector index (China A-shares)", "points", Frequency.Irregular, "Choice");
    private static readonly Series Investment = new("investment.ai.global", SeriesCategory.Investment, "Global AI investment", "USD", Frequency.Quarterly, "CB Insights");
    private static readonly Series Unknown = new("traffic.other.visits", SeriesCategory.Traffic, "Other product visits", "visits", Frequency.Monthly, "SimilarWeb");

    private static readonly Series[] AllSeries = [UsTraffic, Visits, Index, Investment, Unknown];

    private static Observation Obs(Series series, string period, Measure measure, decimal value, bool approximate = false, string note = "") =>
        new(series.Id, Period.Parse(period), measure, value, approximate, series.Source, note, GeneratedAt);

    private static readonly Observation[] SeedLike =
    [
        Obs(Visits, "2023-05", Measure.Level, 1_900_000_000),
        Obs(Visits, "2023-07", Measure.Level, 1_500_000_000),
        Obs(Visits, "2023-07", Measure.ChangePct, -9.6m),
        Obs(UsTraffic, "2023-05", Measure.ChangePct, -10),
        Obs(UsTraffic, "2023-06", Measure.ChangePct, -15),
        Obs(UsTraffic, "2023-07", Measure.ChangePct, -4),
        Obs(Index, "2023-02", Measure.Level, 1220, approximate: true),
        Obs(Index, "2023-06-20", Measure.Level, 1818.68m, note: "Peak of the year to date"),
        Obs(Index, "2023-09", Measure.Level, 1420, approximate: true),
        Obs(Investment, "2023-Q2", Measure.ChangePct, -38),
        Obs(Unknown, "2023-07", Measure.Level, 20_000_000, note: "A note nobody translated"),
    ];

    private static Briefing Build(string month, BriefingLanguage language, params Observation[] observations) =>
        new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse(month), AllSeries, observations), GeneratedAt, language);

    /// <summary>Model text as a reader sees it: without the invisible isolates around signed figures.</summary>
    private static string Plain(string text) => text.Replace("\u2066", "", StringComparison.Ordinal).Replace("\u2069", "", StringComparison.Ordinal);

    private static IEnumerable<string> AllText(Briefing briefing) =>
        briefing.KeyFindings.Select(f => f.Text)
            .Concat(briefing.Sections.SelectMany(s => s.Blocks.SelectMany(BlockText).Prepend(s.Title)))
            .Prepend(briefing.Subtitle)
            .Prepend(briefing.Title)
            .Select(Plain);

    private static IEnumerable<string> BlockText(BriefingBlock block) => block switch
    {
        HeadingBlock h => [h.Text],
        ParagraphBlock p => [p.Text],
        FigureRowBlock f => f.Figures.SelectMany(k => new[] { k.Label, k.Value, k.Detail ?? "" }),
        TableBlock t => t.Columns.Concat(t.Rows.SelectMany(r => r)).Append(t.Caption ?? ""),
        BulletListBlock b => b.Items,
        ChartBlock c => c.Series.SelectMany(s => s.Points.Select(p => p.Label)).Prepend(c.YAxisLabel).Prepend(c.Title),
        _ => [],
    };

    [Fact]
    public void The_edition_is_chosen_by_the_build_call_and_english_stays_the_default()
    {
        var english = new BriefingBuilder().Build(new BriefingData(BriefingMonth.Parse("2023-09"), AllSeries, SeedLike), GeneratedAt);
        var arabic = Build("2023-09", BriefingLanguage.Arabic, SeedLike);

        Assert.Equal(BriefingLanguage.English, english.Language);
        Assert.Equal(BriefingLanguage.Arabic, arabic.Language);
        Assert.Equal("LlmPulse monthly briefing", english.Title);
        Assert.Equal("موجز LlmPulse الشهري", arabic.Title);
        Assert.Equal("سوق النماذج اللغوية الكبيرة في سبتمبر 2023", arabic.Subtitle);
        Assert.Equal("موجز LlmPulse الشهري: سبتمبر 2023", arabic.Document.Title);
        Assert.Equal(english.DataAsOf, arabic.DataAsOf);
        Assert.Equal(english.Sections.Count, arabic.Sections.Count);
        Assert.Equal(["حركة المرور على الويب", "تحركات المؤشرات", "إجمالي الاستثمار", "إشارات أخرى خلال الشهر", "المصادر والمنهجية"], arabic.Sections.Select(s => s.Title));
    }

    [Fact]
    public void Both_editions_show_the_same_figures()
    {
        var english = Build("2023-09", BriefingLanguage.English, SeedLike);
        var arabic = Build("2023-09", BriefingLanguage.Arabic, SeedLike);

        // Every number of every key figure, block by block, in the same order.
        static IEnumerable<string> Numbers(Briefing b) =>
            b.Sections.SelectMany(s => s.Blocks.OfType<FigureRowBlock>()).SelectMany(r => r.Figures)
                .SelectMany(f => FigurePattern().Matches(Plain(f.Value)).Select(m => m.Value));
        Assert.Equal(Numbers(english), Numbers(arabic));
        Assert.NotEmpty(Numbers(arabic));

        // The findings carry the same figures, in whatever order each language words them.
        static IEnumerable<string> FindingNumbers(Briefing b) =>
            b.KeyFindings.SelectMany(f => FigurePattern().Matches(Plain(f.Text)).Select(m => m.Value)).Where(n => n.Length > 4).Order();
        Assert.Equal(FindingNumbers(english), FindingNumbers(arabic));
    }

    [Fact]
    public void Findings_are_arabic_sentences_with_western_digits_and_latin_names()
    {
        var findings = Build("2023-09", BriefingLanguage.Arabic, SeedLike).KeyFindings.Select(f => Plain(f.Text)).ToList();

        Assert.Contains("استقر مؤشر قطاع مفاهيم ChatGPT (الأسهم الصينية من الفئة A) عند حوالي 1,420 نقطة في سبتمبر 2023، أي أقل بنسبة 21.9% من القمة البالغة 1,818.68 نقطة في 20 يونيو 2023 (محسوب).", findings);
        Assert.Contains("انخفضت حركة مرور ChatGPT على الويب في الولايات المتحدة للشهر الثالث على التوالي في يوليو 2023 (-4%). المصدر: SimilarWeb.", findings);
        Assert.Contains("انخفض الاستثمار العالمي في الذكاء الاصطناعي بنسبة 38% على أساس ربعي في الربع الثاني 2023. المصدر: CB Insights.", findings);
        Assert.Contains(findings, f => f.StartsWith("انخفضت زيارات موقع ChatGPT على الويب حول العالم من 1.9 مليار زيارة في مايو 2023 إلى 1.5 مليار زيارة في يوليو 2023", StringComparison.Ordinal));
    }

    [Fact]
    public void Verbs_agree_with_the_series_they_tell_about()
    {
        var findings = Build("2023-07", BriefingLanguage.Arabic, SeedLike).KeyFindings.Select(f => Plain(f.Text)).ToList();

        // حركة المرور (traffic) is feminine, الاستثمار (investment) masculine.
        Assert.Contains(findings, f => f.StartsWith("انخفضت حركة مرور", StringComparison.Ordinal));
        var texts = BriefingTexts.Arabic;
        Assert.Equal("انخفضت", texts.Verb(SeriesVerb.Fell, UsTraffic));
        Assert.Equal("انخفض", texts.Verb(SeriesVerb.Fell, Investment));
        Assert.Equal("ارتفع", texts.Verb(SeriesVerb.Rose, Index));
    }

    [Fact]
    public void Arabic_month_and_period_names()
    {
        var texts = BriefingTexts.Arabic;
        string[] months = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];

        Assert.Equal(months.Select(m => m + " 2023"), Enumerable.Range(1, 12).Select(m => texts.MonthYear(new BriefingMonth(2023, m))));
        Assert.Equal("20 يونيو 2023", texts.Period(Period.Parse("2023-06-20")));
        Assert.Equal("يوليو 2023", texts.Period(Period.Parse("2023-07")));
        Assert.Equal("الربع الثاني 2023", texts.Period(Period.Parse("2023-Q2")));
        Assert.Equal("النصف الأول 2023", texts.Period(Period.Parse("2023-H1")));
        Assert.Equal("للشهر الثالث على التوالي", texts.Streak(3, PeriodKind.Month));
        Assert.Equal("على أساس ربعي", texts.OverPrevious(PeriodKind.Quarter));
    }

    [Theory]
    [InlineData(1_500_000_000, "visits", "1.5 مليار زيارة")]
    [InlineData(33_420_000, "questions", "33.42 مليون سؤال")]
    [InlineData(1420, "points", "1,420 نقطة")]
    [InlineData(1818.68, "points", "1,818.68 نقطة")]
    [InlineData(5, "points", "5 نقاط")]
    [InlineData(56, "stocks", "56 سهمًا")]
    [InlineData(11, "models", "11 نموذجًا")]
    [InlineData(140.71, "USD", "140.71 دولارًا أمريكيًا")]
    [InlineData(12_400_000_000, "USD", "12.4 مليار دولار أمريكي")]
    [InlineData(10, "times", "10 أضعاف")]
    [InlineData(27, "percent", "27%")]
    [InlineData(7, "widgets", "7 widgets")]
    public void Arabic_figures_read_the_arabic_way_with_western_digits(decimal value, string unit, string expected)
    {
        Assert.Equal(expected, Plain(FigureFormatter.Arabic.Level(value, unit)));
    }

    [Fact]
    public void Signed_figures_are_one_left_to_right_unit_in_arabic_and_unchanged_in_english()
    {
        Assert.Equal("\u2066-9.6%\u2069", FigureFormatter.Arabic.Change(-9.6m, FigureOrigin.Reported));
        Assert.Equal("~\u2066-21.9%\u2069", FigureFormatter.Arabic.Change(-21.87m, FigureOrigin.Derived, approximate: true));
        Assert.Equal("-9.6%", FigureFormatter.English.Change(-9.6m, FigureOrigin.Reported));
        Assert.Equal("-9.6%", FigureFormat.Change(-9.6m, FigureOrigin.Reported));
        Assert.Equal("حوالي 1,420 نقطة", FigureFormatter.Arabic.LevelInSentence(1420, "points", approximate: true));
    }

    [Fact]
    public void Counted_nouns_follow_arabic_number_agreement()
    {
        var texts = BriefingTexts.Arabic;

        Assert.Equal("مستوى واحد", texts.Count(1, CountedNoun.Level));
        Assert.Equal("مستويان", texts.Count(2, CountedNoun.Level));
        Assert.Equal("3 مستويات", texts.Count(3, CountedNoun.Level));
        Assert.Equal("12 رقمًا", texts.Count(12, CountedNoun.Figure));
        Assert.Equal("100 رقم", texts.Count(100, CountedNoun.Figure));
        Assert.Equal("سلسلة واحدة", texts.Count(1, CountedNoun.Series));
    }

    [Fact]
    public void Data_without_an_arabic_name_is_shown_as_stored()
    {
        var arabic = Build("2023-07", BriefingLanguage.Arabic, SeedLike);
        var text = string.Join("\n", AllText(arabic));

        Assert.Contains("Other product visits", text);
        Assert.Contains("A note nobody translated", text);
        Assert.Contains("أعلى مستوى منذ بداية العام", string.Join("\n", AllText(Build("2023-09", BriefingLanguage.Arabic, SeedLike))));
        Assert.DoesNotContain("ChatGPT web traffic, United States", text);
    }

    [Fact]
    public void No_english_template_words_are_left_in_the_arabic_edition()
    {
        var text = string.Join("\n", AllText(Build("2023-09", BriefingLanguage.Arabic, SeedLike)));
        var english = string.Join("\n", AllText(Build("2023-09", BriefingLanguage.English, SeedLike)));

        foreach (var word in new[] { "Reported by", "Level", "Change", "Period", "Note", "derived", "about", "previous", "months", "Sources", "Gaps", " in ", " of " })
        {
            Assert.Contains(word, english);
            Assert.DoesNotContain(word, text.Replace("Other product visits", "", StringComparison.Ordinal).Replace("A note nobody translated", "", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Both_text_tables_have_every_key_and_no_figure_typed_into_a_template()
    {
        var english = BriefingTexts.English;
        var arabic = BriefingTexts.Arabic;

        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), arabic.Keys.Order(StringComparer.Ordinal));
        foreach (var key in english.Keys)
        {
            // A template holds words only; figures arrive through placeholders, which every language fills alike.
            Assert.DoesNotMatch(@"\d", english.Template(key));
            Assert.DoesNotMatch(@"\d", arabic.Template(key));
            Assert.Empty(arabic.Placeholders(key).Except(english.Placeholders(key)).Except(["figures"]));
        }
    }

    [Fact]
    public void A_missing_placeholder_value_is_an_error_not_a_silent_gap()
    {
        var error = Assert.Throws<FormatException>(() => BriefingTexts.Arabic.Format("subtitle"));
        Assert.Contains("{month}", error.Message);
    }

    [Theory]
    [InlineData("en", BriefingLanguage.English, false)]
    [InlineData("ar", BriefingLanguage.Arabic, true)]
    [InlineData(" AR ", BriefingLanguage.Arabic, true)]
    public void Languages_have_codes_and_directions(string code, BriefingLanguage language, bool rightToLeft)
    {
        Assert.True(BriefingLanguages.TryParse(code, out var parsed));
        Assert.Equal(language, parsed);
        Assert.Equal(code.Trim().ToLowerInvariant(), language.Code());
        Assert.Equal(rightToLeft, language.IsRightToLeft());
        Assert.False(BriefingLanguages.TryParse("fr", out _));
    }

    [GeneratedRegex(@"[+-]?\d+(,\d{3})*(\.\d+)?%?")]
    private static partial Regex FigurePattern();
}
