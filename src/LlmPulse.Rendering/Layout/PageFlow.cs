namespace LlmPulse.Rendering.Layout;

internal enum PageKind
{
    Cover,
    Content,
}

/// <summary>A component at its place on a page.</summary>
internal readonly record struct PlacedComponent(Component Component, float X, float Y);

/// <summary>One page after layout: what goes where. Drawing happens later, once the page count is known.</summary>
internal sealed class LaidOutPage(PageKind kind)
{
    public PageKind Kind { get; } = kind;

    public List<PlacedComponent> Components { get; } = [];

    public bool IsEmpty => Components.Count == 0;
}

/// <summary>
/// Places components down the pages with a cursor, breaking pages when a component does not fit and splitting
/// the ones that can split.
/// </summary>
internal sealed class PageFlow
{
    private readonly List<LaidOutPage> pages = [];
    private LaidOutPage current;
    private float cursor;

    public PageFlow(PageKind firstPage)
    {
        current = StartPage(firstPage);
    }

    public IReadOnlyList<LaidOutPage> Pages => pages;

    /// <summary>Starts a new page unless the current one is still empty.</summary>
    public void BreakPage(PageKind kind)
    {
        if (!current.IsEmpty || current.Kind != kind)
        {
            current = StartPage(kind);
        }
    }

    /// <summary>
    /// Places <paramref name="component"/> below what is already on the page.
    /// </summary>
    /// <param name="spaceBefore">Gap above the component, dropped at the top of a page.</param>
    /// <param name="keepWithNextHeight">
    /// Room the following content needs on the same page (a heading's first block); without it the component
    /// moves to the next page so it never sits alone at the bottom.
    /// </param>
    public void Add(Component component, float spaceBefore, float keepWithNextHeight = 0f)
    {
        var space = current.IsEmpty ? 0f : spaceBefore;
        if (!current.IsEmpty && space + component.MinimumHeadHeight + keepWithNextHeight > Remaining)
        {
            current = StartPage(PageKind.Content);
            space = 0f;
        }

        Component? rest = component;
        while (rest is not null)
        {
            var available = Remaining - space;
            if (rest.Height <= available)
            {
                Place(rest, space);
                return;
            }

            var split = rest.Split(available, current.IsEmpty);
            if (split.Head is not null)
            {
                Place(split.Head, space);
            }
            else if (current.IsEmpty)
            {
                // Unsplittable and taller than a whole page: place it and let it be clipped rather than loop.
                Place(rest, space);
                return;
            }

            rest = split.Rest;
            if (rest is not null)
            {
                current = StartPage(PageKind.Content);
                space = 0f;
            }
        }
    }

    private float Remaining => PageLayout.ContentBottom - cursor;

    private void Place(Component component, float space)
    {
        cursor += space;
        current.Components.Add(new PlacedComponent(component, PageLayout.MarginLeft, cursor));
        cursor += component.Height;
    }

    private LaidOutPage StartPage(PageKind kind)
    {
        var page = new LaidOutPage(kind);
        pages.Add(page);
        cursor = PageLayout.ContentTop;
        return page;
    }
}
