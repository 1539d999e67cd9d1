using System.Globalization;
using System.Text.RegularExpressions;
using Icu;

namespace LlmPulse.Rendering.Text;

/// <summary>A directional run of a line: a range of the logical text, and whether it reads right to left.</summary>
internal readonly record struct DirectionalRun(int Start, int Length, bool RightToLeft);

/// <summary>
/// Splits a line into directional runs in visual order with the Unicode Bidirectional Algorithm (UAX #9) as ICU
/// implements it, through icu.net and the ICU library .NET itself uses on Linux.
/// </summary>
/// <remarks>
/// A line in a left-to-right paragraph with no right-to-left character and no bidi control is one left-to-right
/// run under the algorithm (every level resolves to 0), so it skips ICU's bidi (ICU is still loaded for line breaking).
/// </remarks>
internal static partial class Bidi
{
    private static readonly Lazy<string> IcuLoaded = new(InitializeIcu, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The ICU version in use ("72.1"), loading ICU if it is not loaded yet.</summary>
    public static string IcuVersion => IcuLoaded.Value;

    /// <summary>Loads ICU once for every user of icu.net in this assembly (bidi, line breaking).</summary>
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
        using var bidi = new BiDi();
        bidi.SetPara(line, rightToLeft ? (byte)1 : (byte)0, null);
        var count = bidi.CountRuns();
        var runs = new DirectionalRun[count];
        for (var i = 0; i < count; i++)
        {
            var direction = bidi.GetVisualRun(i, out var start, out var length);
            runs[i] = new DirectionalRun(start, length, direction == BiDi.BiDiDirection.RTL);
        }

        return runs;
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
    /// Loads ICU once. icu.net looks for libicuuc.so.N from its newest supported version down; pinning it to the
    /// version the .NET runtime has already loaded makes it use that same library (whatever the distribution
    /// ships), and LLMPULSE_ICU_VERSION overrides the choice.
    /// </summary>
    private static string InitializeIcu()
    {
        var version = ConfiguredVersion() ?? LoadedVersion();
        try
        {
            if (version is { } v && v >= Wrapper.MinSupportedIcuVersion && v <= Wrapper.MaxSupportedIcuVersion)
            {
                Wrapper.ConfineIcuVersions(v, v);
            }

            Wrapper.Init();

            // A first call proves the functions resolve: icu.net binds them lazily and would fail mid-render.
            using var probe = new BiDi();
            probe.SetPara("a \u0628", 0, null);
            if (probe.CountRuns() != 2)
            {
                throw new InvalidOperationException("ICU's bidi algorithm gave an unexpected result for a two-direction probe.");
            }

            return Wrapper.IcuVersion;
        }
        catch (Exception e) when (e is DllNotFoundException or FileLoadException or EntryPointNotFoundException or MissingMemberException or InvalidOperationException or TypeInitializationException)
        {
            throw new InvalidOperationException(
                $"Right-to-left text needs ICU (libicu, e.g. Debian's libicu72), which could not be loaded{(version is null ? "" : $" (version {version})")}: {e.Message} " +
                "Install libicu, or set LLMPULSE_ICU_VERSION to the major version installed.",
                e);
        }
    }

    private static int? ConfiguredVersion() =>
        int.TryParse(Environment.GetEnvironmentVariable("LLMPULSE_ICU_VERSION"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The major version of the libicuuc this process has loaded, or null (not Linux, or not loaded).</summary>
    private static int? LoadedVersion()
    {
        // .NET loads ICU on first culture-aware use; make sure that has happened.
        _ = CultureInfo.GetCultureInfo("ar").CompareInfo.Compare("a", "b", CompareOptions.None);
        try
        {
            if (!File.Exists("/proc/self/maps"))
            {
                return null;
            }

            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                var match = LoadedIcuPattern().Match(line);
                if (match.Success)
                {
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }

    [GeneratedRegex(@"/libicuuc\.so\.(\d+)(\.\d+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex LoadedIcuPattern();
}
