using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The few functions of ICU's C API the text layout uses (the bidi algorithm and the line break iterator), called
/// straight in the libicuuc the .NET runtime has already loaded on Linux.
/// </summary>
/// <remarks>
/// This replaced icu.net: its static start searched the app's whole dependency graph for ICU binaries
/// (Microsoft.Extensions.DependencyModel over the framework's 140 runtime identifiers, twice), which allocated about
/// 70 MB and took about 100 ms of every cold render, before loading the same library. Function pointers need no
/// marshalling stubs, so nothing here is compiled at run time either.
/// </remarks>
internal static unsafe partial class IcuLibrary
{
    /// <summary>UBRK_LINE in ubrk.h.</summary>
    private const int LineBreaks = 2;

    /// <summary>UBRK_DONE in ubrk.h.</summary>
    public const int Done = -1;

    private static readonly Lazy<Functions> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The version of the loaded ICU ("72.1"), loading it if it is not loaded yet.</summary>
    public static string Version => Loaded.Value.Version;

    /// <summary>Loads ICU once; throws <see cref="InvalidOperationException"/> naming what to install when it cannot.</summary>
    public static void EnsureLoaded() => _ = Loaded.Value;

    /// <summary>The directional runs of <paramref name="text"/> in visual order, by ICU's UAX #9.</summary>
    public static DirectionalRun[] VisualRuns(string text, bool rightToLeft)
    {
        var f = Loaded.Value;
        var error = 0;
        var bidi = f.BidiOpen();
        if (bidi == 0)
        {
            throw new InvalidOperationException("ICU could not open a bidi object.");
        }

        try
        {
            fixed (char* chars = text)
            {
                // ICU keeps the text pointer: everything that reads it happens inside this fixed block.
                f.BidiSetPara(bidi, chars, text.Length, rightToLeft ? (byte)1 : (byte)0, null, &error);
                ThrowIfFailed(error, "ubidi_setPara");
                var count = f.BidiCountRuns(bidi, &error);
                ThrowIfFailed(error, "ubidi_countRuns");
                var runs = new DirectionalRun[count];
                for (var i = 0; i < count; i++)
                {
                    int start, length;
                    var direction = f.BidiGetVisualRun(bidi, i, &start, &length);
                    runs[i] = new DirectionalRun(start, length, direction == 1);
                }

                return runs;
            }
        }
        finally
        {
            f.BidiClose(bidi);
        }
    }

    // A break iterator is not thread-safe, and opening one per call costs more than the wrapping: one per thread,
    // kept for the thread's life.
    [ThreadStatic]
    private static nint lineIterator;

    /// <summary>ICU's line boundaries (UAX #14) strictly inside <paramref name="text"/>, in order.</summary>
    public static List<int> LineBoundaries(string text)
    {
        var f = Loaded.Value;
        var error = 0;
        if (lineIterator == 0)
        {
            var locale = "en\0"u8;
            fixed (byte* name = locale)
            {
                lineIterator = f.BreakOpen(LineBreaks, name, null, 0, &error);
            }

            ThrowIfFailed(error, "ubrk_open");
        }

        var breaks = new List<int>();
        fixed (char* chars = text)
        {
            // The iterator keeps the text pointer; it is only read inside this fixed block, and set again on each call.
            f.BreakSetText(lineIterator, chars, text.Length, &error);
            ThrowIfFailed(error, "ubrk_setText");
            for (var boundary = f.BreakFirst(lineIterator); boundary != Done; boundary = f.BreakNext(lineIterator))
            {
                if (boundary > 0 && boundary < text.Length)
                {
                    breaks.Add(boundary);
                }
            }
        }

        return breaks;
    }

    private static void ThrowIfFailed(int error, string function)
    {
        // UErrorCode: warnings are negative, U_ZERO_ERROR is 0, failures are positive.
        if (error > 0)
        {
            throw new InvalidOperationException($"ICU's {function} failed with error {error}.");
        }
    }

    private sealed class Functions
    {
        public required string Version { get; init; }

        public required delegate* unmanaged<nint> BidiOpen { get; init; }

        public required delegate* unmanaged<nint, char*, int, byte, byte*, int*, void> BidiSetPara { get; init; }

        public required delegate* unmanaged<nint, int*, int> BidiCountRuns { get; init; }

        public required delegate* unmanaged<nint, int, int*, int*, int> BidiGetVisualRun { get; init; }

        public required delegate* unmanaged<nint, void> BidiClose { get; init; }

        public required delegate* unmanaged<int, byte*, char*, int, int*, nint> BreakOpen { get; init; }

        public required delegate* unmanaged<nint, char*, int, int*, void> BreakSetText { get; init; }

        public required delegate* unmanaged<nint, int> BreakFirst { get; init; }

        public required delegate* unmanaged<nint, int> BreakNext { get; init; }
    }

    /// <summary>
    /// Loads libicuuc: the one the runtime has loaded (read from /proc/self/maps), or the major version
    /// LLMPULSE_ICU_VERSION names, or the newest found by name.
    /// </summary>
    private static Functions Load()
    {
        var configured = int.TryParse(Environment.GetEnvironmentVariable("LLMPULSE_ICU_VERSION"), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : (int?)null;
        var loaded = configured is null ? LoadedIcu() : null;
        var version = configured ?? loaded?.Version;
        try
        {
            var (library, major) = Open(loaded?.Path, version);
            var symbols = new Symbols(library, major);
            var functions = new Functions
            {
                BidiOpen = (delegate* unmanaged<nint>)symbols.Get("ubidi_open"),
                BidiSetPara = (delegate* unmanaged<nint, char*, int, byte, byte*, int*, void>)symbols.Get("ubidi_setPara"),
                BidiCountRuns = (delegate* unmanaged<nint, int*, int>)symbols.Get("ubidi_countRuns"),
                BidiGetVisualRun = (delegate* unmanaged<nint, int, int*, int*, int>)symbols.Get("ubidi_getVisualRun"),
                BidiClose = (delegate* unmanaged<nint, void>)symbols.Get("ubidi_close"),
                BreakOpen = (delegate* unmanaged<int, byte*, char*, int, int*, nint>)symbols.Get("ubrk_open"),
                BreakSetText = (delegate* unmanaged<nint, char*, int, int*, void>)symbols.Get("ubrk_setText"),
                BreakFirst = (delegate* unmanaged<nint, int>)symbols.Get("ubrk_first"),
                BreakNext = (delegate* unmanaged<nint, int>)symbols.Get("ubrk_next"),
                Version = ReadVersion((delegate* unmanaged<byte*, void>)symbols.Get("u_getVersion")),
            };
            return functions;
        }
        catch (Exception e) when (e is DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            throw new InvalidOperationException(
                $"Right-to-left text and line breaking need ICU (libicu, e.g. Debian's libicu72), which could not be loaded{(version is null ? "" : $" (version {version})")}: {e.Message} " +
                "Install libicu, or set LLMPULSE_ICU_VERSION to the major version installed.",
                e);
        }
    }

    private static (nint Library, int? Major) Open(string? path, int? version)
    {
        if (path is not null)
        {
            return (NativeLibrary.Load(path), version);
        }

        if (version is { } major)
        {
            return (NativeLibrary.Load($"libicuuc.so.{major}"), major);
        }

        // No loaded ICU to follow (globalization-invariant mode, say): the newest installed one, as icu.net did.
        for (var major2 = 90; major2 >= 50; major2--)
        {
            if (NativeLibrary.TryLoad($"libicuuc.so.{major2}", out var handle))
            {
                return (handle, major2);
            }
        }

        return (NativeLibrary.Load("libicuuc.so"), null);
    }

    private static string ReadVersion(delegate* unmanaged<byte*, void> getVersion)
    {
        var parts = stackalloc byte[4];
        getVersion(parts);
        var shown = parts[3] != 0 ? 4 : parts[2] != 0 ? 3 : 2;
        return string.Join('.', Enumerable.Range(0, shown).Select(i => parts[i].ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>ICU's exported names carry the major version ("ubidi_open_72") unless it was built without renaming.</summary>
    private readonly struct Symbols(nint library, int? major)
    {
        public nint Get(string name) =>
            major is { } m && NativeLibrary.TryGetExport(library, string.Create(CultureInfo.InvariantCulture, $"{name}_{m}"), out var versioned) ? versioned
            : NativeLibrary.TryGetExport(library, name, out var plain) ? plain
            : throw new EntryPointNotFoundException($"ICU has no function {name}{(major is { } m2 ? $" (or {name}_{m2})" : "")}.");
    }

    /// <summary>The major version and path of the libicuuc this process has loaded, or null (not Linux, or not loaded).</summary>
    private static (int Version, string Path)? LoadedIcu()
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
                    return (int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture), match.Groups[1].Value);
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

    [GeneratedRegex(@"\s(/.*/libicuuc\.so\.(\d+)(\.\d+)*)$", RegexOptions.CultureInvariant)]
    private static partial Regex LoadedIcuPattern();
}
