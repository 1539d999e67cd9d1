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
}
