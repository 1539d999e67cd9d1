namespace LlmPulse.Briefings;

/// <summary>Turns a briefing model into a document. Implementations know nothing of storage.</summary>
public interface IBriefingRenderer
{
    /// <summary>The media type of what <see cref="Render"/> produces, e.g. application/pdf.</summary>
    string ContentType { get; }

    /// <summary>Renders the whole document. Thread-safe: one instance serves concurrent renders.</summary>
    byte[] Render(Briefing briefing);

    /// <summary>The cover page alone as a PNG image, drawn exactly as the document's first page (for an email body).</summary>
    byte[] RenderCoverImage(Briefing briefing);
}
