using System.Globalization;
using MathNet.Numerics.Distributions;
using MisterP.Posterior;

namespace MisterP.Bench.Calibration;

/// <summary>
/// What simulation-based calibration (Talts et al. 2018) and interval coverage with the truth drawn from the prior
/// (Cook, Gelman &amp; Rubin 2006) record per parameter over replications: the rank of the true value among
/// L = 99 thinned posterior draws (uniform on 0..99 when the fit is calibrated, checked by a chi-square test over 10
/// bins of 10 ranks) and whether the central 90% interval covers it (binomial(n, 0.9) when calibrated). Parameters are
/// grouped into classes (thresholds, b, sd, …) so that a class's coverage is judged over all its intervals.
/// </summary>
internal sealed class RankCalibration
{
    /// <summary>L: thinned draws per rank, so ranks take the 100 values 0..99.</summary>
    public const int ThinnedDraws = 99;

    public const int Bins = 10;

    private readonly List<Tally> _parameters = [];

    /// <summary>Rank of <paramref name="truth"/> among <see cref="ThinnedDraws"/> draws spread evenly over the pooled chains.</summary>
    public static int Rank(double[][] chains, double truth)
    {
        var pooled = chains.SelectMany(c => c).ToArray();
        var step = pooled.Length / ThinnedDraws;
        if (step < 1)
        {
            throw new ArgumentException($"SBC ranks need at least {ThinnedDraws} draws; got {pooled.Length}.", nameof(chains));
        }

        var rank = 0;
        for (var i = 0; i < ThinnedDraws; i++)
        {
            rank += pooled[i * step] < truth ? 1 : 0;
        }

        return rank;
    }

    /// <summary>Upper-tail p-value of the chi-square statistic of bin counts against a uniform expectation (Bins − 1 df).</summary>
    public static (double ChiSquare, double P) Uniformity(IReadOnlyList<int> counts)
    {
        var expected = counts.Sum() / (double)counts.Count;
        var chi = counts.Sum(c => (c - expected) * (c - expected) / expected);
        return (chi, 1 - ChiSquared.CDF(counts.Count - 1, chi));
    }

    /// <summary>The binomial(n, 0.9) central 99% band of a coverage share: the 0.5% and 99.5% quantiles over n.</summary>
    public static (double Low, double High) CoverageBand(int n)
    {
        var low = 0;
        while (Binomial.CDF(0.9, n, low) < 0.005)
        {
            low++;
        }

        var high = low;
        while (Binomial.CDF(0.9, n, high) < 0.995)
        {
            high++;
        }

        return ((double)low / n, (double)high / n);
    }

    public void Add(string parameterClass, string name, double truth, double[][] chains, ParameterSummary summary)
    {
        var tally = _parameters.Find(t => t.Name == name);
        if (tally is null)
        {
            tally = new Tally(parameterClass, name);
            _parameters.Add(tally);
        }

        tally.Bins[Rank(chains, truth) * Bins / (ThinnedDraws + 1)]++;
        tally.Intervals++;
        tally.Covered += truth >= summary.Q5 && truth <= summary.Q95 ? 1 : 0;
    }

    /// <summary>
    /// Per class: coverage over all its intervals with the binomial 99% band for that count, and the chi-square
    /// p-value of its pooled ranks; then per parameter. Within a replication a class's parameters share one data
    /// set, so the pooled class figures are a summary; the per-parameter rows are the independent tests.
    /// </summary>
    public void Write(TextWriter output)
    {
        output.WriteLine("| class | parameters | intervals | 90% coverage | binomial 99% band | inside | rank bins (10) | chi-square (9 df) | p |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var group in _parameters.GroupBy(t => t.Class))
        {
            var bins = Enumerable.Range(0, Bins).Select(b => group.Sum(t => t.Bins[b])).ToArray();
            WriteRow(output, group.Key, group.Count(), group.Sum(t => t.Intervals), group.Sum(t => t.Covered), bins);
        }

        output.WriteLine();
        output.WriteLine("| parameter | class | intervals | 90% coverage | binomial 99% band | inside | rank bins (10) | chi-square (9 df) | p |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var t in _parameters)
        {
            WriteRow(output, $"{t.Name} | {t.Class}", null, t.Intervals, t.Covered, t.Bins);
        }
    }

    private static void WriteRow(TextWriter output, string label, int? parameters, int intervals, int covered, int[] bins)
    {
        var share = (double)covered / intervals;
        var (low, high) = CoverageBand(intervals);
        var (chi, p) = Uniformity(bins);
        var inside = share >= low && share <= high ? "yes" : "**no**";
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {label} |{(parameters is { } k ? $" {k} |" : string.Empty)} {intervals} | {share:F3} | {low:F3}–{high:F3} | {inside} | {string.Join(" ", bins)} | {chi:F1} | {p:F3} |"));
    }

    private sealed class Tally(string parameterClass, string name)
    {
        public string Class { get; } = parameterClass;

        public string Name { get; } = name;

        public int[] Bins { get; } = new int[RankCalibration.Bins];

        public int Intervals { get; set; }

        public int Covered { get; set; }
    }
}
