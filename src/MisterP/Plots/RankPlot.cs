using MisterP.Posterior;
using ScottPlot;
using ScottPlot.TickGenerators;

namespace MisterP.Plots;

/// <summary>
/// Rank histograms (Vehtari et al. 2021, §4.2): all chains' draws of a parameter are ranked together, and each
/// chain's ranks are histogrammed in its own band. When the chains sample the same distribution every histogram is
/// flat around the uniform level (the thin line); a chain with too many high or low ranks has drifted or got stuck.
/// </summary>
public static class RankPlot
{
    public const int MaxBins = 20;

    public static Figure Create(PosteriorDraws draws, IReadOnlyList<string>? parameters = null, int width = PlotStyle.DefaultWidth)
    {
        var (indices, leftOut) = ParameterChoice.Resolve(draws, parameters);
        var chains = draws.ChainCount;
        var perChain = draws.DrawsPerChain;
        // At least ~10 draws per bin and chain, so a flat histogram is distinguishable from noise.
        var bins = Math.Clamp(perChain / 10, 2, MaxBins);
        var figure = new Figure(width, columns: indices.Count > 1 ? 2 : 1)
        {
            Title = $"Rank histograms per chain ({bins} bins; flat = chains agree)" +
                    (leftOut > 0 ? $"; {leftOut} more parameter(s) not shown, choose with --parameters" : string.Empty),
        };
        foreach (var k in indices)
        {
            var values = draws.Parameter(k);
            var counts = BinnedRanks(values, bins);
            var expected = (double)perChain / bins;
            var top = Math.Max(expected, counts.SelectMany(c => c).DefaultIfEmpty(0).Max());
            var plot = figure.AddPanel(90 + 48 * chains);
            var ticks = new NumericManual();
            var binWidth = (double)perChain * chains / bins;
            for (var c = 0; c < chains; c++)
            {
                var band = chains - 1 - c;
                var bars = Enumerable.Range(0, bins).Select(b => new Bar
                {
                    Position = (b + 0.5) * binWidth,
                    Size = binWidth * 0.92,
                    ValueBase = band,
                    Value = band + 0.85 * counts[c][b] / top,
                    FillColor = PlotStyle.Chain(c),
                    LineWidth = 0,
                }).ToList();
                plot.Add.Bars(bars);
                var uniform = band + 0.85 * expected / top;
                // Solid, not dashed: Skia's SVG backend warns on stderr for every dashed segment here.
                plot.Add.HorizontalLine(uniform, 1, PlotStyle.Reference.WithAlpha(0.8), LinePattern.Solid);
                ticks.AddMajor(band + 0.42, $"chain {c + 1}");
            }

            plot.Axes.Left.TickGenerator = ticks;
            plot.Axes.Left.MajorTickStyle.Length = 0;
            plot.Axes.Right.MinimumSize = 24;
            plot.Axes.SetLimits(0, perChain * chains, -0.05, chains);
            plot.Title(draws.ParameterNames[k] + TracePlot.ConvergenceNote(values));
            plot.XLabel("rank among all draws");
        }

        return figure;
    }

    /// <summary>Per chain, how many of its draws fall in each of <paramref name="bins"/> equal bins of the pooled ranks.</summary>
    internal static int[][] BinnedRanks(double[][] chains, int bins)
    {
        var pooled = chains.SelectMany(c => c).ToArray();
        var ranks = ConvergenceMath.AverageRanks(pooled);
        var total = pooled.Length;
        var counts = chains.Select(_ => new int[bins]).ToArray();
        var offset = 0;
        for (var c = 0; c < chains.Length; c++)
        {
            for (var d = 0; d < chains[c].Length; d++)
            {
                // Ranks run 1..total; bin b holds ranks in ((b·total)/bins, ((b+1)·total)/bins].
                var bin = (int)Math.Min(bins - 1, Math.Floor((ranks[offset + d] - 0.5) * bins / total));
                counts[c][bin]++;
            }

            offset += chains[c].Length;
        }

        return counts;
    }
}
