namespace LlmPulse.Rendering.Text;

/// <summary>A directional run of a line: a range of the logical text, and whether it reads right to left.</summary>
internal readonly record struct DirectionalRun(int Start, int Length, bool RightToLeft);

/// <summary>
/// Splits a line into directional runs in visual order with the Unicode Bidirectional Algorithm (UAX #9) as ICU
/// implements it, in the ICU library .NET itself uses on Linux (<see cref="IcuLibrary"/>).
/// </summary>
/// <remarks>
/// A line in a left-to-right paragraph with no right-to-left character and no bidi control is one left-to-right
/// run under the algorithm (every level resolves to 0), so it skips ICU's bidi (ICU is still loaded for line breaking).
/// </remarks>
internal static class Bidi
{
    private static readonly Lazy<string> IcuLoaded = new(InitializeIcu, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The ICU version in use ("72.1"), loading ICU if it is not loaded yet.</summary>
    public static string IcuVersion => IcuLoaded.Value;

    /// <summary>Loads ICU once for every user of it in this assembly (bidi, line breaking).</summary>
    public static void EnsureIcu() => _ = IcuLoaded.Value;

    /// <summary>
    /// The directional runs of one line, left to right as drawn. <paramref name="rightToLeft"/> is the
    /// paragraph's base direction (UAX #9 P3 is not used: an Arabic document is right to left even where a line
    /// starts with a Latin name).
    /// </summary>
    public static IReadOnlyList<DirectionalRun> VisualRuns(string line, bool rightToLeft)
    {
        if (line.Length == 0)
        {
            return [];
        }

        if (!rightToLeft && !NeedsAlgorithm(line))
        {
            return [new DirectionalRun(0, line.Length, false)];
        }

        return VisualRunsByIcu(line, rightToLeft);
    }

    /// <summary>The algorithm's runs without the left-to-right shortcut (tests compare the two).</summary>
    internal static IReadOnlyList<DirectionalRun> VisualRunsByIcu(string line, bool rightToLeft)
    {
        _ = IcuLoaded.Value;
        return IcuLibrary.VisualRuns(line, rightToLeft);
    }

    /// <summary>True when a left-to-right line holds anything that the algorithm could move: a right-to-left or
    /// Arabic-number character, or an explicit bidi control.</summary>
    public static bool NeedsAlgorithm(string text)
    {
        foreach (var c in text)
        {
            if (c < '\u0590')
            {
                continue;
            }

            if (c is (>= '\u0590' and <= '\u08FF') or (>= '\uFB1D' and <= '\uFDFF') or (>= '\uFE70' and <= '\uFEFF')
                or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or (>= '\uD800' and <= '\uDFFF'))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Loads ICU once (<see cref="IcuLibrary"/>: the libicuuc the .NET runtime has already loaded, or the version
    /// LLMPULSE_ICU_VERSION names) and proves with a first call that its bidi functions work.
    /// </summary>
    private static string InitializeIcu()
    {
        IcuLibrary.EnsureLoaded();
        var probe = IcuLibrary.VisualRuns("a \u0628", rightToLeft: false);
        if (probe.Length != 2)
        {
            throw new InvalidOperationException("ICU's bidi algorithm gave an unexpected result for a two-direction probe.");
        }

        return IcuLibrary.Version;
    }
}
