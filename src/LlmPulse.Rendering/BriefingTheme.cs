using SkiaSharp;

namespace LlmPulse.Rendering;

/// <summary>Colours of a briefing: dark ink, greys for structure and one accent.</summary>
internal static class BriefingTheme
{
    public static readonly SKColor Accent = new(0x1F, 0x4E, 0x79);
    public static readonly SKColor AccentTint = new(0xE4, 0xEC, 0xF4);
    public static readonly SKColor Ink = new(0x1D, 0x23, 0x2B);
    public static readonly SKColor Muted = new(0x5B, 0x65, 0x73);
    public static readonly SKColor Rule = new(0xC9, 0xD1, 0xDA);
    public static readonly SKColor Zebra = new(0xF4, 0xF6, 0xF9);
    public static readonly SKColor TileFill = new(0xF3, 0xF6, 0xFA);

    /// <summary>A rise and a fall on the cover: green and red dark enough to read as text and in greyscale.</summary>
    public static readonly SKColor Up = new(0x2E, 0x7D, 0x4F);
    public static readonly SKColor Down = new(0xB0, 0x3A, 0x2E);
}
