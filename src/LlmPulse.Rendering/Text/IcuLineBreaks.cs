using System.Runtime.InteropServices;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// ICU's line break iterator called directly (ubrk_*, in the ICU library icu.net has loaded): icu.net's iterator
/// makes two calls per boundary and keeps a list of them for every text it is given, which cost more than the
/// line breaking itself. Same iterator, same rules, same answers.
/// </summary>
internal static unsafe class IcuLineBreaks
{
    private const int LineBreakIterator = 2; // UBRK_LINE
    private const int Done = -1;             // UBRK_DONE

    private static readonly Lazy<Functions?> Native = new(Resolve, LazyThreadSafetyMode.ExecutionAndPublication);

    [ThreadStatic]
    private static IntPtr iterator;

    /// <summary>Adds the line boundaries strictly inside <paramref name="text"/> to <paramref name="breaks"/>; false when ICU's C functions could not be found.</summary>
    public static bool TryAddBreaks(string text, List<int> breaks)
    {
        if (Native.Value is not { } icu)
        {
            return false;
        }

        var status = 0;
        if (iterator == IntPtr.Zero)
        {
            fixed (byte* locale = "en\0"u8)
            {
                iterator = icu.Open(LineBreakIterator, locale, null, 0, &status);
            }

            if (status > 0 || iterator == IntPtr.Zero)
            {
                iterator = IntPtr.Zero;
                return false;
            }
        }

        // ICU keeps a pointer to the text rather than a copy: it is read only while pinned here.
        fixed (char* chars = text)
        {
            icu.SetText(iterator, chars, text.Length, &status);
            if (status > 0)
            {
                return false;
            }

            for (var boundary = icu.First(iterator); boundary != Done; boundary = icu.Next(iterator))
            {
                if (boundary > 0 && boundary < text.Length)
                {
                    breaks.Add(boundary);
                }
            }

            // Nothing may keep pointing at the text once it is unpinned.
            icu.SetText(iterator, null, 0, &status);
        }

        return true;
    }

    private static Functions? Resolve()
    {
        Bidi.EnsureIcu();
        var major = Bidi.IcuVersion.Split('.')[0];
        foreach (var library in new[] { $"libicuuc.so.{major}", "libicuuc.so", "icuuc" })
        {
            if (!NativeLibrary.TryLoad(library, typeof(IcuLineBreaks).Assembly, null, out var handle))
            {
                continue;
            }

            // Distributions build ICU with version-suffixed names (ubrk_open_72); some builds without.
            foreach (var suffix in new[] { "_" + major, "" })
            {
                if (NativeLibrary.TryGetExport(handle, "ubrk_open" + suffix, out var open)
                    && NativeLibrary.TryGetExport(handle, "ubrk_setText" + suffix, out var setText)
                    && NativeLibrary.TryGetExport(handle, "ubrk_first" + suffix, out var first)
                    && NativeLibrary.TryGetExport(handle, "ubrk_next" + suffix, out var next))
                {
                    return new Functions(open, setText, first, next);
                }
            }
        }

        return null;
    }

    private sealed class Functions(IntPtr open, IntPtr setText, IntPtr first, IntPtr next)
    {
        public readonly delegate* unmanaged<int, byte*, char*, int, int*, IntPtr> Open = (delegate* unmanaged<int, byte*, char*, int, int*, IntPtr>)open;
        public readonly delegate* unmanaged<IntPtr, char*, int, int*, void> SetText = (delegate* unmanaged<IntPtr, char*, int, int*, void>)setText;
        public readonly delegate* unmanaged<IntPtr, int> First = (delegate* unmanaged<IntPtr, int>)first;
        public readonly delegate* unmanaged<IntPtr, int> Next = (delegate* unmanaged<IntPtr, int>)next;
    }
}
