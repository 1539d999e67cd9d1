using System.Reflection;
using SkiaSharp;

namespace LlmPulse.Rendering.Text;

/// <summary>
/// The typefaces every briefing is drawn with, loaded once per process from the embedded subset fonts.
/// </summary>
/// <remarks>
/// Skia's PDF backend embeds a font file once per <see cref="SKTypeface"/> instance, so text and charts must
/// share these exact instances; they are never disposed (they live as long as the process).
/// </remarks>
internal static class BriefingFonts
{
    /// <summary>The family name charts ask ScottPlot for; <see cref="ChartFontResolver"/> answers it.</summary>
    public const string ChartFamilyName = "LlmPulse Noto Sans";

    private static readonly Lazy<SKTypeface> LazyRegular = new(() => Load("NotoSans-Regular.subset.ttf"));
    private static readonly Lazy<SKTypeface> LazyBold = new(() => Load("NotoSans-Bold.subset.ttf"));
    private static readonly Lazy<SKTypeface> LazyItalic = new(() => Load("NotoSans-Italic.subset.ttf"));

    public static SKTypeface Regular => LazyRegular.Value;

    public static SKTypeface Bold => LazyBold.Value;

    public static SKTypeface Italic => LazyItalic.Value;

    private static SKTypeface Load(string fileName)
    {
        var resourceName = $"LlmPulse.Rendering.Fonts.{fileName}";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded font {resourceName} is missing from the assembly.");

        // SKData copies the bytes, so the typeface stays valid after the resource stream is closed.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Embedded font {resourceName} could not be read by Skia.");
    }
}
