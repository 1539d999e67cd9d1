namespace LlmPulse.Rendering.Layout;

/// <summary>A4 page geometry in PDF points (1/72 inch), shared by layout and drawing.</summary>
internal static class PageLayout
{
    public const float Width = 595.28f;
    public const float Height = 841.89f;
    public const float MarginLeft = 56f;
    public const float MarginRight = 56f;

    /// <summary>Where content starts, below the page header.</summary>
    public const float ContentTop = 72f;

    /// <summary>Where content must end, above the page footer.</summary>
    public const float ContentBottom = Height - 64f;

    public const float HeaderBaseline = 40f;
    public const float HeaderRule = 48f;
    public const float FooterRule = Height - 50f;
    public const float FooterBaseline = Height - 36f;

    public const float ContentWidth = Width - MarginLeft - MarginRight;

    public const float ContentHeight = ContentBottom - ContentTop;
}
