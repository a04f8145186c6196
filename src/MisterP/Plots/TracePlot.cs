using System.Globalization;
using MisterP.Posterior;
using ScottPlot;

namespace MisterP.Plots;

/// <summary>
/// Trace plots: each chosen parameter's draws against iteration, one line per chain. Chains that mix look like
/// overlapping noise around one level; a chain stuck apart or drifting shows at a glance. Each panel's title carries
/// the parameter's R̂ and bulk ESS (Vehtari et al. 2021).
/// </summary>
public static class TracePlot
{
    public static Figure Create(PosteriorDraws draws, IReadOnlyList<string>? parameters = null, int width = PlotStyle.DefaultWidth)
    {
        var (indices, leftOut) = ParameterChoice.Resolve(draws, parameters);
        var figure = new Figure(width)
        {
            Title = $"Trace plots ({draws.ChainCount} chain{(draws.ChainCount == 1 ? string.Empty : "s")} × {draws.DrawsPerChain} draws)" +
                    (leftOut > 0 ? $"; {leftOut} more population-level parameter(s) not shown, choose with --parameters" : string.Empty),
        };
        var iterations = Enumerable.Range(1, draws.DrawsPerChain).Select(i => (double)i).ToArray();
        foreach (var k in indices)
        {
            var chains = draws.Parameter(k);
            var plot = figure.AddPanel(210);
            for (var c = 0; c < chains.Length; c++)
            {
                var line = plot.Add.ScatterLine(iterations, chains[c], PlotStyle.Chain(c));
                line.LineWidth = 1;
                line.LegendText = $"chain {c + 1}";
            }

            plot.Title($"{draws.ParameterNames[k]}{ConvergenceNote(chains)}");
            plot.XLabel("iteration (after warmup)");
            plot.ShowLegend(Edge.Right);
        }

        PlotStyle.AlignLeftAxes(figure.Panels, ["-0.000"]);
        return figure;
    }

    /// <summary>" (R̂ 1.002, bulk ESS 840)" when both are defined (they need at least two draws per half-chain).</summary>
    internal static string ConvergenceNote(double[][] chains)
    {
        if (chains[0].Length < 4)
        {
            return string.Empty;
        }

        var rhat = Diagnostics.Rhat(chains);
        var ess = Diagnostics.EssBulk(chains);
        return double.IsFinite(rhat) && double.IsFinite(ess)
            ? string.Create(CultureInfo.InvariantCulture, $" (R̂ {rhat:0.000}, bulk ESS {ess:0})")
            : string.Empty;
    }
}
