namespace MisterP.Plots;

/// <summary>
/// Facets of a predictions/comparisons/slopes figure, as Bambi's <c>subplot_kwargs</c>: the x-axis column, the column
/// giving colours and the one giving panels (defaults: the grid variables in order), and an optional title.
/// </summary>
public sealed record InterpretationPlotOptions
{
    public string? Main { get; init; }

    public string? Group { get; init; }

    public string? Panel { get; init; }

    public string? Title { get; init; }

    /// <summary>Ordinal fits: the quantity drawn (<c>share</c>, one colour per category, or <c>mean</c>); null = share.</summary>
    public string? Quantity { get; init; }

    /// <summary>Image size in pixels; null sizes the image to the number of panels and categories.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>The outcome's categories are unordered (categorical, multinomial): coloured with a qualitative palette, not the ordered ramp.</summary>
    public bool UnorderedCategories { get; init; }
}
