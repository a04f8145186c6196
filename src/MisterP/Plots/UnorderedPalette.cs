using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// Colours for an unordered outcome's categories (categorical, multinomial), the qualitative ones of its stacked shares
/// (<see cref="CategorySharesPlot.UnorderedColour"/>): distinct hues with no implied order.
/// </summary>
internal sealed class UnorderedPalette(int count) : IPalette
{
    public string Name => "Unordered categories";

    public string Description => "Qualitative colours, one per unordered category.";

    public Color[] Colors { get; } = Enumerable.Range(0, count).Select(CategorySharesPlot.UnorderedColour).ToArray();

    public Color GetColor(int index) => Colors[index % Colors.Length];
}
