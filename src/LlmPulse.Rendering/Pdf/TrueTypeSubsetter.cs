using System.Runtime.InteropServices;
using HarfBuzzSharp;

namespace LlmPulse.Rendering.Pdf;

/// <summary>
/// HarfBuzz's subsetter (hb-subset, in the HarfBuzz library SkiaSharp.HarfBuzz already loads; HarfBuzzSharp has
/// no managed binding for it): a TrueType font cut down to some glyphs, keeping their ids.
/// </summary>
internal static partial class TrueTypeSubsetter
{
    private const string HarfBuzz = "libHarfBuzzSharp";

    // hb_subset_flags_t and hb_subset_sets_t, from hb-subset.h.
    private const uint NoHinting = 0x1;
    private const uint RetainGlyphIds = 0x2;
    private const uint NoLayoutClosure = 0x200;
    private const int DropTableTagSet = 3;

    // Tables a PDF viewer never reads: the text is shaped already, and glyph ids are fixed in the content stream.
    private static readonly uint[] DroppedTables = [Tag("GSUB"), Tag("GPOS"), Tag("GDEF"), Tag("kern"), Tag("DSIG")];

    /// <summary>The font holding only <paramref name="glyphs"/> (and what composite glyphs are built from), or null.</summary>
    public static byte[]? Subset(byte[] font, IReadOnlyCollection<ushort> glyphs)
    {
        var pinned = GCHandle.Alloc(font, GCHandleType.Pinned);
        try
        {
            using var blob = new Blob(pinned.AddrOfPinnedObject(), font.Length, MemoryMode.ReadOnly);
            using var face = new Face(blob, 0);
            var input = hb_subset_input_create_or_fail();
            if (input == IntPtr.Zero)
            {
                return null;
            }

            try
            {
                var glyphSet = hb_subset_input_glyph_set(input);
                foreach (var glyph in glyphs)
                {
                    hb_set_add(glyphSet, glyph);
                }

                var drop = hb_subset_input_set(input, DropTableTagSet);
                foreach (var table in DroppedTables)
                {
                    hb_set_add(drop, table);
                }

                hb_subset_input_set_flags(input, NoHinting | RetainGlyphIds | NoLayoutClosure);
                var subset = hb_subset_or_fail(face.Handle, input);
                if (subset == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    var result = hb_face_reference_blob(subset);
                    try
                    {
                        var data = hb_blob_get_data(result, out var length);
                        if (data == IntPtr.Zero || length == 0)
                        {
                            return null;
                        }

                        var bytes = new byte[length];
                        Marshal.Copy(data, bytes, 0, (int)length);
                        return bytes;
                    }
                    finally
                    {
                        hb_blob_destroy(result);
                    }
                }
                finally
                {
                    hb_face_destroy(subset);
                }
            }
            finally
            {
                hb_subset_input_destroy(input);
            }
        }
        finally
        {
            pinned.Free();
        }
    }

    private static uint Tag(string tag) => ((uint)tag[0] << 24) | ((uint)tag[1] << 16) | ((uint)tag[2] << 8) | tag[3];

    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_input_create_or_fail();

    [LibraryImport(HarfBuzz)]
    private static partial void hb_subset_input_destroy(IntPtr input);

    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_input_glyph_set(IntPtr input);

    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_input_set(IntPtr input, int setType);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_subset_input_set_flags(IntPtr input, uint flags);

    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_subset_or_fail(IntPtr source, IntPtr input);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_set_add(IntPtr set, uint codepoint);

    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_face_reference_blob(IntPtr face);

    [LibraryImport(HarfBuzz)]
    private static partial IntPtr hb_blob_get_data(IntPtr blob, out uint length);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_blob_destroy(IntPtr blob);

    [LibraryImport(HarfBuzz)]
    private static partial void hb_face_destroy(IntPtr face);
}
