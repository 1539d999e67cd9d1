using System.Globalization;
using LlmPulse.Metrics;

namespace LlmPulse.Briefings.Localization;

/// <summary>
/// The Arabic edition's words and sentences. Figures keep Western digits, as the seed article writes them;
/// product and source names stay in Latin script (ChatGPT, SimilarWeb); series names, units and the seed
/// notes have Arabic names in <see cref="ArabicGlossary"/>, and anything it does not know is shown as stored.
/// </summary>
/// <remarks>
/// Sentences start with the verb, as Arabic news writing does, and the verb agrees with the series it tells
/// about (انخفضت حركة المرور / انخفض المؤشر): the glossary records each series name's grammatical gender.
/// </remarks>
internal sealed class ArabicTexts : BriefingTexts
{
    public static readonly string[] MonthNames =
        ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"];

    /// <summary>Units of the stored series, as counted nouns.</summary>
    public static readonly IReadOnlyDictionary<string, ArabicNoun> Units = new Dictionary<string, ArabicNoun>(StringComparer.Ordinal)
    {
        ["visits"] = new("زيارة", "زيارتان", "زيارات", "زيارة", Feminine: true),
        ["users"] = new("مستخدم", "مستخدمان", "مستخدمين", "مستخدمًا"),
        ["points"] = new("نقطة", "نقطتان", "نقاط", "نقطة", Feminine: true),
        ["stocks"] = new("سهم", "سهمان", "أسهم", "سهمًا"),
        ["shareholders"] = new("مساهم", "مساهمان", "مساهمين", "مساهمًا"),
        ["models"] = new("نموذج", "نموذجان", "نماذج", "نموذجًا"),
        ["questions"] = new("سؤال", "سؤالان", "أسئلة", "سؤالًا"),
        ["times"] = new("ضعف", "ضعفان", "أضعاف", "ضعفًا"),
        ["USD"] = new("دولار أمريكي", "دولاران أمريكيان", "دولارات أمريكية", "دولارًا أمريكيًا"),
        ["CNY"] = new("يوان صيني", "يوانان صينيان", "يوانات صينية", "يوانًا صينيًا"),
        ["EUR"] = new("يورو", "يورو", "يورو", "يورو"),
    };

    private static readonly Dictionary<CountedNoun, ArabicNoun> Nouns = new()
    {
        [CountedNoun.Level] = new("مستوى", "مستويان", "مستويات", "مستوى"),
        [CountedNoun.Change] = new("تغير", "تغيران", "تغيرات", "تغيرًا"),
        [CountedNoun.Figure] = new("رقم", "رقمان", "أرقام", "رقمًا"),
        [CountedNoun.Series] = new("سلسلة", "سلسلتان", "سلاسل", "سلسلة", Feminine: true),
        [CountedNoun.Month] = new("شهر", "شهران", "أشهر", "شهرًا"),
    };

    private static readonly string[] MasculineOrdinals = ["", "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر"];
    private static readonly string[] FeminineOrdinals = ["", "الأولى", "الثانية", "الثالثة", "الرابعة", "الخامسة", "السادسة", "السابعة", "الثامنة", "التاسعة", "العاشرة"];

    private static readonly Dictionary<string, string> Table = new(StringComparer.Ordinal)
    {
        ["title"] = "موجز LlmPulse الشهري",
        ["subtitle"] = "سوق النماذج اللغوية الكبيرة في {month}",
        ["document.title"] = "{title}: {month}",
        ["document.author"] = "LlmPulse",
        ["document.subject"] = "حركة مرور منتجات الذكاء الاصطناعي على الويب وتحركات مؤشرات قطاع المفاهيم وإجمالي الاستثمار في الذكاء الاصطناعي حتى {date}",
        ["document.keywords"] = "LLM, ChatGPT, نماذج لغوية كبيرة, حركة مرور الذكاء الاصطناعي, مؤشر المفاهيم, الاستثمار في الذكاء الاصطناعي, {month}",

        ["finding.latest"] = "{was} {series} {level} {at}، وهو أحدث رقم أعلنته {source}.",
        ["finding.coverage"] = "{withData} من أصل {total} سلسلة متابَعة لها رقم عن {month} أو عن أحدث فترة مكتملة لها؛ أما البقية فمدرجة ضمن الفجوات في قسم المصادر والمنهجية.",
        ["finding.streak"] = "{direction} {series} {streak} {at} ({change}{origin}).{source}",
        ["finding.level-move"] = "{direction} {series} من {before} {atBefore} إلى {after} {atAfter} ({change} {derived}).",
        ["finding.largest-move"] = "أكبر تحرك في {month}: {direction} {series} بنسبة {magnitude} مقارنة ب{previous}{origin}.{source}",
        ["finding.largest-index-move"] = "أكبر تحرك في {month}: {direction} {series} بنسبة {magnitude} خلال الشهر إلى {level} {derived}.",
        ["finding.new-high"] = "{reached} {series} قمة جديدة عند {level} {at}.",
        ["finding.old-peak"] = "{stood} {series} آخر مرة عند القمة البالغة {level} ({period})؛ ولم يُعلَن أي مستوى في {month}.",
        ["finding.drawdown"] = "{stood} {series} عند {level} {at}، أي أقل بنسبة {magnitude} من القمة البالغة {peak} {atPeak} {derived}.",
        ["finding.investment"] = "{direction} {series} بنسبة {magnitude} {overPrevious} في {period}{origin}.{source}",
        ["finding.origin"] = "، {derived}",
        ["finding.source"] = " المصدر: {source}.",

        ["section.traffic"] = "حركة المرور على الويب",
        ["traffic.none"] = "لا توجد أرقام مخزنة لحركة المرور على الويب حتى {date}.",
        ["tile.level"] = "المستوى، {period}",
        ["tile.reported-by"] = "المصدر: {source}",
        ["tile.change"] = "التغير مقارنة ب{previous}، {period}",
        ["tile.change-derived"] = "محسوب من مستويي {previousPeriod} و{period}",
        ["tile.yoy"] = "على أساس سنوي، {period}",
        ["derivation.change"] = "{series}، {period}: {change} محسوب من مستويي {previousPeriod} و{period}.",
        ["derivation.level-move"] = "{series}: {change} من {from} إلى {to}، محسوب من المستويين.",
        ["chart.by-period"] = "{series} حسب {period}",
        ["chart.last-months"] = "{series}، آخر {months} شهرًا",
        ["chart.small-multiples"] = "جنبًا إلى جنب بمقياس واحد: {unit}، آخر {months} شهرًا",
        ["chart.changes"] = "{series}: التغير مقارنة ب{previous}، %",
        ["chart.change-axis"] = "التغير %",
        ["chart.too-little"] = "البيانات غير كافية لرسم بياني: {levels} و{changes} في آخر {months} شهرًا.",
        ["table.period"] = "الفترة",
        ["table.level"] = "المستوى ({unit})",
        ["table.change"] = "التغير مقارنة ب{previous}",
        ["table.note"] = "ملاحظة",
        ["table.none"] = "-",
        ["table.caption"] = "{series}: أرقام الفترات المنتهية من {from} إلى {to}.",
        ["note.stale"] = "أحدث رقم يخص {period}، وهو أقدم من {month}: لم يُعلَن أي رقم أحدث حتى {date}.",

        ["section.indexes"] = "تحركات المؤشرات",
        ["indexes.none"] = "لا توجد مستويات مؤشرات مخزنة حتى {date}.",
        ["indexes.breadth"] = "اتساع السوق",
        ["tile.month-end"] = "مستوى نهاية الشهر",
        ["tile.month-end-detail"] = "{period}، المصدر: {source}",
        ["tile.over-month"] = "التغير خلال الشهر",
        ["tile.over-month-against-end"] = "مقارنة مع {level} في نهاية {month}",
        ["tile.over-month-against-latest"] = "مقارنة مع {level} ({period})، آخر مستوى قبل {month}",
        ["derivation.over-month"] = "{series}، التغير خلال {month}: {change}، مستوى نهاية الشهر مقارنة مع آخر مستوى في {date} أو قبله.",
        ["tile.high"] = "الأعلى، آخر {months} شهرًا",
        ["tile.low"] = "الأدنى، آخر {months} شهرًا",
        ["tile.drawdown"] = "التراجع من القمة",
        ["tile.at-peak"] = "عند القمة",
        ["tile.peak-detail"] = "القمة {level} {at}",
        ["derivation.drawdown"] = "{series}: تراجع بنسبة {change}، آخر مستوى مقارنة مع أعلى مستوى حتى تاريخه.",
        ["table.figure"] = "الرقم",
        ["table.value"] = "القيمة",
        ["table.as-of"] = "حتى",
        ["table.reported-by"] = "المصدر",
        ["breadth.caption"] = "أحدث أرقام اتساع السوق حتى نهاية الشهر.",

        ["section.investment"] = "إجمالي الاستثمار",
        ["investment.none"] = "لا توجد إجماليات استثمار مخزنة حتى {date}.",
        ["investment.change-only"] = "لا يوجد إجمالي مخزن عن {period}؛ إذ لم يُعلن مصدره سوى التغير مقارنة ب{previous}.",

        ["section.signals"] = "إشارات أخرى خلال الشهر",
        ["signals.launches"] = "إطلاق النماذج",
        ["signals.company"] = "أرقام الشركات",
        ["signals.market"] = "السوق والتكاليف",
        ["table.signal"] = "الإشارة",
        ["signals.none"] = "لم يُعلَن أي رقم عن إطلاق النماذج أو الشركات أو السوق لفترات تنتهي في {month}.",
        ["signals.count.one"] = "أُعلن رقم واحد عن إطلاق النماذج والشركات والسوق لفترات تنتهي في {month}.",
        ["signals.count.other"] = "أُعلن {figures} عن إطلاق النماذج والشركات والسوق لفترات تنتهي في {month}.",
        ["signal.vs-previous"] = "{change} مقارنة ب{previous}",
        ["signal.yoy"] = "{change} على أساس سنوي",

        ["section.sources"] = "المصادر والمنهجية",
        ["sources.heading"] = "المصادر",
        ["sources.line"] = "{source}: {series}",
        ["sources.via"] = " (كما نشرتها {via})",
        ["sources.collected"] = ". جُمعت في {date}.",
        ["sources.none"] = "لم يُستخدم أي رقم.",
        ["methodology.heading"] = "المنهجية",
        ["methodology.as-of"] = "لا تُستخدم إلا أرقام الفترات المنتهية في {date} أو قبله: لا يعرض الموجز أي بيانات لاحقة. ويعرض كل قسم أحدث رقم متاح حتى ذلك التاريخ، وينبّه إذا كان أقدم من {month}.",
        ["methodology.reported"] = "تُعرض الأرقام المعلنة بالدقة التي أعلنها مصدرها، والأعداد الكبيرة بأربعة أرقام معنوية على الأكثر؛ وتحتفظ الأرقام المخزنة بكل أرقامها. ويُقدَّم الرقم المعلن دائمًا على أي رقم يمكن أن يحسبه LlmPulse.",
        ["methodology.derived"] = "الأرقام الموسومة {derived} يحسبها LlmPulse من أرقام معلنة ويقرّبها إلى منزلة عشرية واحدة: التغير مقارنة بالفترة السابقة من مستويين متتاليين، وتغير المؤشر خلال الشهر من مستوى نهاية الشهر مقارنة مع آخر مستوى في نهاية الشهر السابق أو قبلها، والتراجع من أعلى مستوى حتى تاريخه.",
        ["methodology.approximate"] = "الأرقام الموسومة {approximate} يقدمها مصدرها على أنها تقريبية («حوالي»، «على الأقل»، «أكثر من»، «أقل من»).",
        ["methodology.streak"] = "تُحسب السلسلة المتتالية من الفترات المتتابعة التي تتحرك في الاتجاه نفسه؛ وتنتهي عند أي فترة مفقودة.",
        ["derived.heading"] = "الأرقام المحسوبة في هذا الموجز",
        ["approximate.heading"] = "الأرقام التقريبية في هذا الموجز",
        ["approximate.item"] = "{series}، {period}: {level}",
        ["approximate.note"] = " ({note})",
        ["gaps.heading"] = "الفجوات",
        ["gaps.latest"] = "{series}: لا يوجد رقم عن {month}؛ أحدث رقم يخص {period}",
        ["gaps.none-yet"] = "{series}: لا يوجد رقم بعد",
        ["gaps.irregular"] = " (تُعلن على فترات غير منتظمة).",
        ["gaps.end"] = ".",
        ["gaps.all-covered"] = "لكل سلسلة متابَعة رقم عن {month} أو عن أحدث فترة مكتملة لها.",
        ["readiness.heading"] = "ما كان لا يزال ناقصًا عند إعداد هذا الإصدار",
        ["readiness.item"] = "{series}: لم يكن رقمها عن {month} قد نُشر بعد؛ يضيفه إصدار لاحق حين يصل.",

        ["tile.rollup"] = "{rule}، {days} من أصل {total} يومًا{partial}؛ المصدر: {source}",
        ["rollup.sum"] = "الإجمالي",
        ["rollup.last"] = "نهاية الشهر",
        ["rollup.mean"] = "المتوسط",
        ["rollup.median"] = "الوسيط",
        ["rollup.partial"] = "، شهر غير مكتمل",
        ["rule.sum"] = "إجمالي",
        ["rule.last"] = "آخر رقم من",
        ["rule.mean"] = "متوسط",
        ["rule.median"] = "وسيط",
        ["tile.yoy-derived"] = "مقارنة مع {period}",
        ["change.places.up"] = "تقدّم {places}",
        ["change.places.down"] = "تراجع {places}",
        // A move in places or points follows "بمقدار", as the margin of a record follows "بفارق": the count then
        // always takes the genitive (بمقدار مركزين، بفارق مركز واحد), one form for every sentence it goes into.
        ["finding.rank-move"] = "{direction} {series} بمقدار {places} إلى {rank} {at}{partial}.",
        ["finding.month-move"] = "{direction} {series} بنسبة {magnitude} في {month} إلى {level}{origin}{partial}.",
        ["finding.points-move"] = "{direction} {series} بمقدار {points} إلى {level} {at}{partial}.",
        ["finding.partial"] = " (شهر غير مكتمل: {days} من أصل {total} يومًا)",
        ["finding.merged"] = "{direction} {count} في قسم {section}{what} في {month}: {names}.",
        ["merged.rose"] = "ارتفعت",
        ["merged.fell"] = "انخفضت",
        ["merged.climbed"] = "تقدّمت",
        ["merged.slipped"] = "تراجعت",
        ["merged.and"] = " و",
        ["amount.percent"] = "بنسبة {amount}",
        ["amount.places"] = "بمقدار {amount}",
        ["amount.points"] = "بمقدار {amount}",
        // "على مدى" takes the count in the genitive; "وهي"/"وهو" refer to the high, low or rank (المرتبة), never to
        // the series, so no word but the verb has to agree with the series' gender.
        ["finding.record-high"] = "{direction} {series} قمة جديدة عند {level} {at}، وهي الأعلى على مدى {months} من البيانات المسجّلة، بفارق {margin} عن القمة السابقة {atPrevious}{origin}{partial}.",
        ["finding.record-low"] = "{direction} {series} إلى قاع جديد عند {level} {at}، وهو الأدنى على مدى {months} من البيانات المسجّلة، بفارق {margin} عن القاع السابق {atPrevious}{origin}{partial}.",
        ["finding.record-best-rank"] = "{direction} {series} إلى {level} {at}، وهي أفضل مرتبة على مدى {months} من البيانات المسجّلة، بفارق {margin} عن أفضل مرتبة سابقة {atPrevious}{partial}.",
        ["finding.record-worst-rank"] = "{direction} {series} إلى {level} {at}، وهي أسوأ مرتبة على مدى {months} من البيانات المسجّلة، بفارق {margin} عن أسوأ مرتبة سابقة {atPrevious}{partial}.",
        ["finding.reversal"] = "{direction} {series} {amount} إلى {level} {at}{origin}، بعد {run} من {before} على التوالي{partial}.",
        ["reversal.rose"] = "الارتفاع",
        ["reversal.fell"] = "الانخفاض",
        ["reversal.climbed"] = "التقدّم",
        ["reversal.slipped"] = "التراجع",
        ["finding.yoy"] = "{direction} {series} {amount} على أساس سنوي إلى {level} {at} مقارنة مع {yearAgo}{origin}{partial}.",
        // Several series each reach their own high: the object is plural (قممًا، قيعان، مراتبها), and the verb
        // before a plural of things is feminine singular; the verbs are those of the single-series sentences.
        ["merged.record-high"] = "سجّلت",
        ["merged.what.record-high"] = " قممًا جديدة",
        ["merged.record-low"] = "انخفضت",
        ["merged.what.record-low"] = " إلى قيعان جديدة",
        ["merged.record-best-rank"] = "تقدّمت",
        ["merged.what.record-best-rank"] = " إلى أفضل مراتبها المسجّلة",
        ["merged.record-worst-rank"] = "تراجعت",
        ["merged.what.record-worst-rank"] = " إلى أسوأ مراتبها المسجّلة",
        ["merged.reversal.rose"] = "ارتفعت",
        ["merged.what.reversal.rose"] = " بعد أشهر من الانخفاض",
        ["merged.reversal.fell"] = "انخفضت",
        ["merged.what.reversal.fell"] = " بعد أشهر من الارتفاع",
        ["merged.reversal.climbed"] = "تقدّمت",
        ["merged.what.reversal.climbed"] = " بعد أشهر من التراجع",
        ["merged.reversal.slipped"] = "تراجعت",
        ["merged.what.reversal.slipped"] = " بعد أشهر من التقدّم",
        ["merged.yoy.rose"] = "ارتفعت",
        ["merged.what.yoy.rose"] = " على أساس سنوي",
        ["merged.yoy.fell"] = "انخفضت",
        ["merged.what.yoy.fell"] = " على أساس سنوي",
        ["merged.yoy.climbed"] = "تقدّمت",
        ["merged.what.yoy.climbed"] = " على أساس سنوي",
        ["merged.yoy.slipped"] = "تراجعت",
        ["merged.what.yoy.slipped"] = " على أساس سنوي",
        ["compact.heading"] = "سلاسل أخرى",
        ["compact.series"] = "السلسلة",
        ["compact.latest"] = "الأحدث",
        ["compact.trend"] = "آخر {months} شهرًا",
        ["compact.caption"] = "سلاسل بلا أخبار خاصة بها، الأكبر تحركًا قياسًا بنطاقها المعتاد أولًا.",
        // The count stands as a predicate ("وعددها سلسلتان"): after it, "أخرى" would have to agree in number (أخريان).
        ["compact.more"] = "تحركت بقية السلاسل، وعددها {count}، ضمن نطاقها المعتاد في {month}؛ ويعرض الأمر llmpulse series كل السلاسل.",
        ["methodology.rollup"] = "تُقرأ السلسلة اليومية شهرًا بشهر: يُحسب رقم كل شهر من أيامه وفق قاعدة السلسلة (الإجمالي للزيارات والمشاهدات، ورقم نهاية الشهر للأسعار ونقاط المؤشرات والأعداد، والمتوسط للحصص، والوسيط للمراتب)، وهو رقم محسوب؛ ويبقى الشهر غير مكتمل حتى يُخزَّن يوم بعده. وتتحرك المراتب بالمراكز، والحصص بالنقاط المئوية، وبقية المستويات بالنسبة المئوية. وتُرتَّب النتائج (تحرك الشهر، وقمة أو قاع جديدان على مدى اثني عشر شهرًا على الأقل، والانعطاف بعد ثلاثة أشهر أو أكثر في الاتجاه المعاكس، والتحرك مقارنة بالعام السابق) بحسب ابتعاد التحرك عن نطاق آخر اثني عشر تحركًا شهريًا للسلسلة، وتتقدّم السلاسل المميزة حين يكون لها جديد.",
        ["derivation.rollup"] = "{series}: {rule} أيام كل شهر؛ {month} من {days} من أصل {total} يومًا{partial}.",

        ["cover.at-a-glance"] = "لمحة سريعة",
        ["cover.changed"] = "ما الذي تغيّر منذ الموجز السابق",
        ["cover.tile-label"] = "{series}، {period}",
        ["cover.no-figure"] = "لا يوجد رقم بعد",
        ["cover.source"] = "المصدر: {source}",
        ["cover.change"] = "{change} مقارنة ب{previous}",
        ["cover.change-derived"] = "{change} مقارنة ب{previous} {derived}",
        ["cover.change-over-month"] = "{change} خلال الشهر {derived}",
        ["changes.item"] = "{series} ({period})",
        ["changes.new"] = "أرقام جديدة لفترات تنتهي في {month}: {list}.",
        ["changes.none-new"] = "لا أرقام جديدة لفترات تنتهي في {month}.",
        ["changes.revised"] = "أرقام لفترات سابقة أضيفت أو عُدّلت منذ الموجز السابق ({date}): {list}.",
        ["changes.none-revised"] = "لم يُضف أو يُعدَّل أي رقم لفترة سابقة منذ الموجز السابق ({date}).",
        ["changes.no-earlier"] = "لا يوجد موجز سابق محفوظ، فلا يمكن تمييز التعديلات من البيانات السابقة.",
        ["changes.quiet"] = "أُعلن عنها في {previousMonth} ولم يُعلن عنها بعد ذلك: {list}.",
        ["changes.more"] = "{list}؛ و{count} أخرى",
        ["summary.level"] = "{was} {series} {level} {at}{change}.",
        ["summary.change-only"] = "{series}: {change} مقارنة ب{previous} {at}؛ ولم يُعلَن أي مستوى.",
        ["cover.change-only"] = "مقارنة ب{previous}؛ لم يُعلَن أي مستوى",
        ["summary.change"] = "، {change}",

        ["render.brand"] = "LlmPulse",
        ["render.key-findings"] = "أبرز النتائج",
        ["render.data-as-of"] = "البيانات حتى {date}",
        ["render.generated"] = "تاريخ الإعداد: {time}",
        ["render.page"] = "صفحة {page} من {pages}",
        ["render.approximate-marker"] = "تقريبًا",
        ["render.derived-legend"] = "\u2020 محسوب: احتسبه LlmPulse من أرقام معلنة.",
        ["render.approximate-legend"] = "تقريبًا = رقم تقريبي: يقدّم المصدر رقمًا مقرّبًا أو تقديريًا.",
        ["render.hollow-markers"] = "تمثل العلامات المفرغة قيمًا تقريبية.",
        ["render.light-bars"] = "تمثل الأعمدة الفاتحة قيمًا تقريبية.",
        ["render.peak"] = "الذروة {value}",
        ["render.latest"] = "الأحدث {value}",
        ["render.latest-peak"] = "الأحدث والذروة {value}",
        ["render.axis-scale"] = "{label} ({scale})",
        ["render.scale.thousand"] = "بالآلاف",
        ["render.scale.million"] = "بالملايين",
        ["render.scale.billion"] = "بالمليارات",
        ["render.scale.trillion"] = "بالتريليونات",
    };

    public override BriefingLanguage Language => BriefingLanguage.Arabic;

    public override FigureFormatter Figures => FigureFormatter.Arabic;

    public override string Comma => "، ";

    public override string Semicolon => "؛ ";

    protected override IReadOnlyDictionary<string, string> Templates => Table;

    /// <summary>"20 يونيو 2023".</summary>
    public static string DayMonthYear(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Day} {MonthNames[date.Month - 1]} {date.Year}");

    public override string MonthYear(BriefingMonth month) =>
        string.Create(CultureInfo.InvariantCulture, $"{MonthNames[month.Month - 1]} {month.Year}");

    public override string Period(Period period) => period.Kind switch
    {
        PeriodKind.Day => DayMonthYear(period.Start),
        PeriodKind.Month => MonthYear(BriefingMonth.FromDate(period.Start)),
        PeriodKind.Quarter => string.Create(CultureInfo.InvariantCulture, $"الربع {MasculineOrdinals[((period.Start.Month - 1) / 3) + 1]} {period.Start.Year}"),
        PeriodKind.Half => string.Create(CultureInfo.InvariantCulture, $"النصف {MasculineOrdinals[((period.Start.Month - 1) / 6) + 1]} {period.Start.Year}"),
        _ => period.Start.Year.ToString(CultureInfo.InvariantCulture),
    };

    public override string LongDate(DateOnly date) => DayMonthYear(date);

    public override string LongDateTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        return DayMonthYear(DateOnly.FromDateTime(utc)) + "، " + utc.ToString("HH:mm", CultureInfo.InvariantCulture) + " UTC";
    }

    public override string At(Period period) => "في " + Period(period);

    public override string Previous(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "اليوم السابق",
        PeriodKind.Month => "الشهر السابق",
        PeriodKind.Quarter => "الربع السابق",
        PeriodKind.Half => "النصف السابق",
        _ => "العام السابق",
    };

    public override string PeriodNoun(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "اليوم",
        PeriodKind.Month => "الشهر",
        PeriodKind.Quarter => "الربع",
        PeriodKind.Half => "نصف السنة",
        _ => "السنة",
    };

    public override string OverPrevious(PeriodKind kind) => kind switch
    {
        PeriodKind.Day => "على أساس يومي",
        PeriodKind.Month => "على أساس شهري",
        PeriodKind.Quarter => "على أساس ربعي",
        PeriodKind.Half => "على أساس نصف سنوي",
        _ => "على أساس سنوي",
    };

    /// <summary>"للشهر الثالث على التوالي", "للسنة الثانية على التوالي".</summary>
    public override string Streak(int length, PeriodKind kind)
    {
        var feminine = kind == PeriodKind.Year;
        var ordinals = feminine ? FeminineOrdinals : MasculineOrdinals;
        var ordinal = length < ordinals.Length ? ordinals[length] : "الـ" + length.ToString(CultureInfo.InvariantCulture);
        var noun = kind switch
        {
            PeriodKind.Day => "لليوم",
            PeriodKind.Month => "للشهر",
            PeriodKind.Quarter => "للربع",
            PeriodKind.Half => "لنصف السنة",
            _ => "للسنة",
        };
        return $"{noun} {ordinal} على التوالي";
    }

    public override string Count(int n, CountedNoun noun) => Nouns[noun].Count(n);

    public override string CountAfterPreposition(int n, CountedNoun noun) => Nouns[noun].CountAfterPreposition(n);

    public override string AndMore(int n, CountedNoun noun) => " و" + Nouns[noun].CountOthers(n);

    public override string SeriesName(Series series) =>
        ArabicGlossary.Series.TryGetValue(series.Id, out var name) ? name.Name : series.Name;

    public override string Verb(SeriesVerb verb, Series series)
    {
        // A series not in the glossary keeps its stored name; its verb takes the masculine, Arabic's default.
        var feminine = ArabicGlossary.Series.TryGetValue(series.Id, out var name) && name.Feminine;
        return (verb, feminine) switch
        {
            (SeriesVerb.Fell, false) => "انخفض",
            (SeriesVerb.Fell, true) => "انخفضت",
            (SeriesVerb.Rose, false) => "ارتفع",
            (SeriesVerb.Rose, true) => "ارتفعت",
            (SeriesVerb.Was, false) => "بلغ",
            (SeriesVerb.Was, true) => "بلغت",
            (SeriesVerb.StoodAt, false) => "استقر",
            (SeriesVerb.StoodAt, true) => "استقرت",
            (SeriesVerb.Reached, false) => "سجّل",
            (SeriesVerb.Reached, true) => "سجّلت",
            (SeriesVerb.Climbed, false) => "تقدّم",
            (SeriesVerb.Climbed, true) => "تقدّمت",
            (SeriesVerb.Slipped, false) => "تراجع",
            (SeriesVerb.Slipped, true) => "تراجعت",
            (_, false) => "كان",
            _ => "كانت",
        };
    }

    public override string Unit(string unit) => unit switch
    {
        "percent" => "%",
        "USD" or "CNY" or "EUR" => Units[unit].Singular,
        "users" => "مستخدمون",
        "shareholders" => "مساهمون",
        _ => Units.TryGetValue(unit, out var noun) ? noun.Plural : unit,
    };

    public override string Note(string note) => ArabicGlossary.Notes.GetValueOrDefault(note, note);
}
