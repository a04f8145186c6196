using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// Colours for an ordered outcome's categories, light to dark on the viridis ramp (<see cref="CategorySharesPlot.Colour"/>):
/// order reads at a glance and no colour repeats, where a qualitative palette of ten would for a 0–10 item.
/// </summary>
internal sealed class OrderedPalette(int count) : IPalette
{
    public string Name => "Ordered categories";

    public string Description => "Viridis ramp from light to dark, one colour per ordered category.";

    public Color[] Colors { get; } = Enumerable.Range(0, count).Select(c => CategorySharesPlot.Colour(c, count)).ToArray();

    public Color GetColor(int index) => Colors[index % Colors.Length];
}
