namespace LlmPulse.Briefings.Localization;

/// <summary>
/// An Arabic noun counted by a number written in digits, in the forms Arabic grammar asks for: singular after
/// 1 and after hundreds and thousands, dual after 2, plural after 3 to 10, accusative singular after 11 to 99
/// (CLDR's plural categories one, two, few, many, other).
/// </summary>
public sealed record ArabicNoun(string Singular, string Dual, string Plural, string Accusative, bool Feminine = false)
{
    /// <summary>The form that follows <paramref name="value"/>: 1,420 نقطة, 56 سهمًا, 5 نقاط, 140.71 دولارًا.</summary>
    public string For(decimal value)
    {
        if (value != decimal.Truncate(value))
        {
            // A fraction is read with its whole part; writers use the accusative ("140.71 دولارًا أمريكيًا").
            return Accusative;
        }

        var n = decimal.Abs(value);
        var lastTwo = (int)(n % 100);
        return n switch
        {
            0 => Plural,
            1 => Singular,
            2 => Dual,
            _ when lastTwo is >= 3 and <= 10 => Plural,
            _ when lastTwo is >= 11 and <= 99 => Accusative,
            _ => Singular,
        };
    }

    /// <summary>"مستوى واحد", "مستويان", "3 مستويات", "12 مستوى": a count as a phrase.</summary>
    public string Count(int n) => n switch
    {
        1 => Singular + (Feminine ? " واحدة" : " واحد"),
        2 => Dual,
        _ => $"{n} {For(n)}",
    };

    /// <summary>
    /// "سلسلة أخرى", "سلسلتان أخريان", "3 سلاسل أخرى", "11 سلسلة أخرى", "شهر آخر", "3 أشهر أخرى": a count of the
    /// others, "other" agreeing with it. After one and two it follows the noun's gender and number; a plural of things
    /// takes the feminine singular; after 11 and more it agrees with the singular noun.
    /// </summary>
    public string CountOthers(int n)
    {
        var lastTwo = n % 100;
        return n switch
        {
            1 => Singular + (Feminine ? " أخرى" : " آخر"),
            2 => Dual + (Feminine ? " أخريان" : " آخران"),
            _ when lastTwo is >= 3 and <= 10 => $"{n} {Plural} أخرى",
            _ => $"{n} {For(n)}" + (Feminine ? " أخرى" : " آخر"),
        };
    }

    /// <summary>
    /// A count after a preposition or as the second term of a construct ("بعد شهرين", "بفارق مركز واحد"): the same
    /// as <see cref="Count"/> but for the dual, which takes its genitive ending there (شهران becomes شهرين).
    /// </summary>
    public string CountAfterPreposition(int n) => n == 2 ? GenitiveDual : Count(n);

    /// <summary>The dual's genitive and accusative form: every word's "ان" ending becomes "ين" (دولاران أمريكيان, دولارين أمريكيين).</summary>
    public string GenitiveDual =>
        string.Join(' ', Dual.Split(' ').Select(w => w.EndsWith("ان", StringComparison.Ordinal) ? w[..^2] + "ين" : w));
}
