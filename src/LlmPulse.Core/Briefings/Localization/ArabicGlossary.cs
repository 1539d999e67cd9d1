namespace LlmPulse.Briefings.Localization;

/// <summary>An Arabic name for a series, with its grammatical gender (verbs agree with it).</summary>
public sealed record ArabicName(string Name, bool Feminine);

/// <summary>
/// Arabic names for stored data that is written in English: series names (by series id) and observation notes
/// (by their exact English text). Data it does not know is shown as stored, so a new series or a changed note
/// is never mistranslated, only left in English until a line is added here.
/// </summary>
/// <remarks>
/// Product, company and source names stay in Latin script inside the Arabic names (ChatGPT, Baidu, ERNIE Bot).
/// Numbers that belong to a name ("18-24", "1 June") are part of the name, not computed figures; a range with a
/// hyphen is wrapped in a left-to-right isolate so it does not read backwards in a right-to-left line.
/// </remarks>
public static class ArabicGlossary
{
    private const string Lri = "\u2066";
    private const string Pdi = "\u2069";

    public static IReadOnlyDictionary<string, ArabicName> Series { get; } = new Dictionary<string, ArabicName>(StringComparer.Ordinal)
    {
        ["traffic.chatgpt.visits.world"] = new("زيارات موقع ChatGPT على الويب حول العالم", Feminine: true),
        ["traffic.chatgpt.users.world"] = new("مستخدمو ChatGPT على الويب حول العالم", Feminine: false),
        ["traffic.chatgpt.visits.us"] = new("حركة مرور ChatGPT على الويب في الولايات المتحدة", Feminine: true),
        ["traffic.chatgpt.audience.age_18_24"] = new($"حصة الفئة العمرية {Lri}18-24{Pdi} عامًا من مستخدمي ChatGPT", Feminine: true),
        ["index.cn.chatgpt_concept"] = new("مؤشر قطاع مفاهيم ChatGPT (الأسهم الصينية من الفئة A)", Feminine: false),
        ["index.cn.chatgpt_concept.decliners"] = new("أسهم مفاهيم ChatGPT التي تراجعت أسعارها منذ 1 يونيو", Feminine: true),
        ["index.cn.chatgpt_concept.constituents"] = new("عدد أسهم مفاهيم ChatGPT المحسوبة", Feminine: false),
        ["index.cn.chatgpt_concept.holders_reducing"] = new("مساهمو أسهم مفاهيم ChatGPT الذين خفّضوا حيازاتهم", Feminine: false),
        ["investment.ai.global"] = new("الاستثمار العالمي في الذكاء الاصطناعي", Feminine: false),
        ["launches.cn.base_models_1b"] = new("النماذج الأساسية الصينية التي تتجاوز مليار معلمة", Feminine: true),
        ["launches.cn.models_launched"] = new("النماذج الكبيرة التي أُطلقت في الصين", Feminine: true),
        ["launches.cn.models_registered"] = new("النماذج الكبيرة التي اجتازت التسجيل وفُتحت للجمهور (الصين)", Feminine: true),
        ["company.baidu.share_price"] = new("سعر سهم Baidu (BIDU)", Feminine: false),
        ["company.baidu.share_price.intraday_high"] = new("أعلى سعر لسهم Baidu خلال اليوم مقارنة بالإغلاق السابق", Feminine: false),
        ["company.baidu.ernie_bot.app_users_19h"] = new("مستخدمو تطبيق ERNIE Bot خلال 19 ساعة من فتح التنزيل", Feminine: false),
        ["company.baidu.ernie_bot.questions_day1"] = new("الأسئلة التي أجاب عنها ERNIE Bot في أول يوم متاح للجمهور", Feminine: true),
        ["company.sensetime.genai_revenue"] = new("إيرادات SenseTime من الذكاء الاصطناعي التوليدي", Feminine: true),
        ["company.sensetime.genai_revenue_share"] = new("حصة الذكاء الاصطناعي التوليدي من إيرادات مجموعة SenseTime", Feminine: true),
        ["company.iflytek.learning_machine_gmv"] = new("إجمالي قيمة مبيعات آلة التعلم من iFlytek", Feminine: false),
        ["market.llm_vs_search_cost_ratio"] = new("تكلفة محادثة مع نموذج لغوي كبير مقارنة ببحث تقليدي", Feminine: true),
        ["market.gpt3.training_run_cost"] = new("تكلفة تدريب واحد لنموذج GPT-3", Feminine: true),
        ["market.gpt3.training_cost_low"] = new("تكلفة تدريب GPT-3، الحد الأدنى للنطاق", Feminine: true),
        ["market.gpt3.training_cost_high"] = new("تكلفة تدريب GPT-3، الحد الأعلى للنطاق", Feminine: true),
        ["market.cn.mobile_internet_users"] = new("مستخدمو الإنترنت عبر الهاتف المحمول في الصين", Feminine: false),
        ["market.cn.mobile_users_over_51_share"] = new("حصة من تزيد أعمارهم عن 51 عامًا من مستخدمي الإنترنت عبر الهاتف المحمول في الصين", Feminine: true),
        ["market.cn.mobile_users_tier3_below_share"] = new("حصة مستخدمي الإنترنت عبر الهاتف المحمول في الصين في مدن الفئة الثالثة وما دونها", Feminine: true),
    };

    public static IReadOnlyDictionary<string, string> Notes { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Monthly visits to the ChatGPT web site, as cited by Pinecone Finance (Sep 2023)"] = "الزيارات الشهرية لموقع ChatGPT على الويب، كما نقلتها Pinecone Finance (سبتمبر 2023)",
        ["Monthly activity of the ChatGPT web version, month over month"] = "النشاط الشهري لإصدار الويب من ChatGPT، على أساس شهري",
        ["Monthly visits to the ChatGPT web site"] = "الزيارات الشهرية لموقع ChatGPT على الويب",
        ["Monthly activity of the ChatGPT web version, month over month; third monthly decline in a row per the article"] = "النشاط الشهري لإصدار الويب من ChatGPT، على أساس شهري؛ ثالث تراجع شهري على التوالي بحسب المقال",
        ["Traffic recovered in August but users still fell"] = "تعافت حركة المرور في أغسطس لكن عدد المستخدمين واصل الانخفاض",
        ["ChatGPT traffic from the United States, month over month"] = "حركة مرور ChatGPT من الولايات المتحدة، على أساس شهري",
        ["About 30% of ChatGPT users were aged 18-24"] = $"حوالي {Lri}30%{Pdi} من مستخدمي ChatGPT تتراوح أعمارهم بين 18 و24 عامًا",
        ["Reported as under 27%"] = $"أُعلن أنها أقل من {Lri}27%{Pdi}",
        ["About 1220 points in early February"] = "حوالي 1220 نقطة في أوائل فبراير",
        ["Peak of the year to date"] = "أعلى مستوى منذ بداية العام",
        ["About 1420 points in mid-September"] = "حوالي 1420 نقطة في منتصف سبتمبر",
        ["Concept stocks whose price fell between 1 June and 13 September"] = "أسهم المفاهيم التي تراجعت أسعارها بين 1 يونيو و13 سبتمبر",
        ["Concept stocks counted for the 1 June - 13 September decline"] = "أسهم المفاهيم المحسوبة لتراجع الفترة من 1 يونيو إلى 13 سبتمبر",
        ["Shareholders of concept stocks who reduced holdings, as of 5 September"] = "مساهمو أسهم المفاهيم الذين خفّضوا حيازاتهم، حتى 5 سبتمبر",
        ["Global AI investment total, quarter over quarter"] = "إجمالي الاستثمار العالمي في الذكاء الاصطناعي، على أساس ربعي",
        ["At least 79, as of the end of May"] = "79 على الأقل، حتى نهاية مايو",
        ["Large models launched in China, as of July"] = "النماذج الكبيرة التي أُطلقت في الصين، حتى يوليو",
        ["Passed registration and opened to users as of 31 August; the article names no reporting body"] = "اجتازت التسجيل وفُتحت للمستخدمين حتى 31 أغسطس؛ لا يذكر المقال جهة أعلنت الرقم",
        ["Previous close before ERNIE Bot opened to the public on 1 September"] = "سعر الإغلاق السابق قبل فتح ERNIE Bot للجمهور في 1 سبتمبر",
        ["Day ERNIE Bot (Wenxin Yiyan) opened to the public"] = "يوم فتح ERNIE Bot (Wenxin Yiyan) للجمهور",
        ["Intraday rise of up to 7.3% against the previous close"] = $"ارتفاع خلال اليوم يصل إلى {Lri}7.3%{Pdi} مقارنة بالإغلاق السابق",
        ["Over 1 million users within 19 hours of opening downloads"] = "أكثر من مليون مستخدم خلال 19 ساعة من فتح التنزيل",
        ["Questions answered on the first day"] = "الأسئلة التي أُجيب عنها في اليوم الأول",
        ["Generative-AI revenue growth, year over year"] = "نمو إيرادات الذكاء الاصطناعي التوليدي، على أساس سنوي",
        ["Generative-AI share of group revenue in 2022"] = "حصة الذكاء الاصطناعي التوليدي من إيرادات المجموعة في 2022",
        ["Generative-AI share of group revenue in H1 2023"] = "حصة الذكاء الاصطناعي التوليدي من إيرادات المجموعة في النصف الأول 2023",
        ["Learning-machine GMV after Spark v1.5, year over year"] = "إجمالي قيمة مبيعات آلة التعلم بعد Spark v1.5، على أساس سنوي",
        ["An LLM conversation costs about 10 times a traditional search; quoted in the article (Sep 2023)"] = "تكلف محادثة مع نموذج لغوي كبير حوالي 10 أضعاف البحث التقليدي؛ ورد في المقال (سبتمبر 2023)",
        ["About USD 1.4 million for one GPT-3 training run; cited in the article (Sep 2023)"] = "حوالي 1.4 مليون دولار أمريكي لتدريب واحد لنموذج GPT-3؛ ورد في المقال (سبتمبر 2023)",
        ["Low end of the USD 2-14 million range for training GPT-3; cited in the article (Sep 2023)"] = "الحد الأدنى لنطاق من 2 إلى 14 مليون دولار أمريكي لتدريب GPT-3؛ ورد في المقال (سبتمبر 2023)",
        ["High end of the USD 2-14 million range for training GPT-3; cited in the article (Sep 2023)"] = "الحد الأعلى لنطاق من 2 إلى 14 مليون دولار أمريكي لتدريب GPT-3؛ ورد في المقال (سبتمبر 2023)",
        ["Over 1.2 billion mobile internet users in early 2023"] = "أكثر من 1.2 مليار مستخدم للإنترنت عبر الهاتف المحمول في بداية 2023",
        ["Share of mobile internet users over 51, early 2023"] = "حصة مستخدمي الإنترنت عبر الهاتف المحمول الذين تزيد أعمارهم عن 51 عامًا، بداية 2023",
        ["Share of mobile internet users in third-tier cities and below, early 2023"] = "حصة مستخدمي الإنترنت عبر الهاتف المحمول في مدن الفئة الثالثة وما دونها، بداية 2023",
    };
}
