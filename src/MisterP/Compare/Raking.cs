using MisterP.Data;
using MisterP.Inference.Classical;

namespace MisterP.Compare;

/// <summary>Settings of the raking baseline.</summary>
public sealed record RakingOptions(IReadOnlyList<string> RakeOn, string Outcome, string FrameWeight)
{
    /// <summary>Initial (design) weights of the sample, e.g. inverse selection probabilities; null = equal.</summary>
    public string? SampleWeight { get; init; }

    public int MaxIterations { get; init; } = 100;

    public double Tolerance { get; init; } = 1e-10;
}

/// <summary>Raked weights, per-group estimates with linearized standard errors, and what happened on the way.</summary>
public sealed record RakingResult(IReadOnlyList<BaselineEstimate> Estimates, int Iterations, bool Converged, IReadOnlyList<string> Warnings);

/// <summary>
/// The classical answer MRP is compared with: iterative proportional fitting of the sample weights to the frame's
/// margins (Deming &amp; Stephan 1940), the Hájek mean Σwy/Σw per group, and its standard error by linearization with
/// calibration residuals (Deville &amp; Särndal 1992): u = 1{g}(y − ȳ_g)/Ŵ_g projected off the raking variables'
/// indicators by weighted least squares, var = n/(n−1)·Σ(wᵢeᵢ − mean)². With no raking variables it is the plain
/// survey-weighted (Hájek) mean.
/// </summary>
public static class Raking
{
    public static RakingResult Estimate(ITableSource sample, ITableSource? frame, IReadOnlyList<string> by, RakingOptions options)
    {
        var weights = Weigh(sample, frame, by, options);
        var y = Numbers(weights.Table, options.Outcome, sample.Description);
        return new RakingResult(weights.Estimate(y), weights.Iterations, weights.Converged, weights.Warnings);
    }

    /// <summary>
    /// The sample's weights raked to the frame's margins (or its design weights, with no raking variables), over the
    /// rows with the outcome, the groups, the raking variables and the weights present. They do not depend on the
    /// outcome's values: one set serves every quantity estimated from it (<see cref="SurveyWeights.Estimate(string)"/>).
    /// </summary>
    public static SurveyWeights Weigh(ITableSource sample, ITableSource? frame, IReadOnlyList<string> by, RakingOptions options)
    {
        var columns = options.RakeOn.Concat(by).Append(options.Outcome).Concat(options.SampleWeight is null ? [] : [options.SampleWeight])
            .Distinct(StringComparer.Ordinal).ToList();
        var absent = columns.Where(c => !sample.Schema.Any(s => s.Name == c)).ToList();
        if (absent.Count > 0)
        {
            throw new UserInputException(
                $"The sample {sample.Description} has no column(s) {string.Join(", ", absent.Select(c => $"'{c}'"))}; its columns are " +
                $"{string.Join(", ", sample.Schema.Select(s => s.Name))}.");
        }

        if (options.RakeOn.Count > 0)
        {
            if (frame is null)
            {
                throw new UserInputException("Raking needs the population frame whose margins it matches.");
            }

            var notInFrame = options.RakeOn.Append(options.FrameWeight).Where(c => !frame.Schema.Any(s => s.Name == c)).ToList();
            if (notInFrame.Count > 0)
            {
                throw new UserInputException(
                    $"Raking: the frame {frame.Description} has no column(s) {string.Join(", ", notInFrame.Select(c => $"'{c}'"))} " +
                    $"(--rake-on and --weight name frame columns); its columns are {string.Join(", ", frame.Schema.Select(s => s.Name))}.");
            }
        }

        var table = sample.Load(columns, columns).Table;
        var n = table.RowCount;
        if (n < 2)
        {
            throw new UserInputException($"{sample.Description} has fewer than two complete rows for raking.");
        }

        var w = options.SampleWeight is null ? Enumerable.Repeat(1.0, n).ToArray() : (double[])Numbers(table, options.SampleWeight, sample.Description).Clone();
        var warnings = new List<string>();
        var margins = options.RakeOn.Select(v => Margin.Build(v, table, frame!, options.FrameWeight, warnings)).ToList();

        var iterations = 0;
        var converged = margins.Count == 0;
        while (!converged && iterations < options.MaxIterations)
        {
            iterations++;
            var largest = 0.0;
            foreach (var margin in margins)
            {
                largest = Math.Max(largest, margin.Adjust(w));
            }

            converged = largest < options.Tolerance;
        }

        if (!converged)
        {
            warnings.Add($"Raking did not converge in {options.MaxIterations} iterations; the margins may be incompatible (empty sample cells).");
        }

        var keys = by.Select(c => Text(table[c])).ToList();
        var groups = Enumerable.Range(0, n).GroupBy(i => string.Join("\u001f", keys.Select(k => k[i])))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => ((IReadOnlyList<string>)keys.Select(k => k[g.First()]).ToList(), g.ToArray()))
            .ToList();
        return new SurveyWeights(sample, table, columns, w, Indicators(margins, n), groups, iterations, converged, warnings);
    }

    /// <summary>
    /// Per group the Hájek mean Σwy/Σw of <paramref name="y"/> (one value per weighted row) and its linearized standard
    /// error with calibration residuals on the raking indicators.
    /// </summary>
    internal static List<BaselineEstimate> HajekMeans(
        double[] y, double[] w, (double[] X, int K)? design, IReadOnlyList<(IReadOnlyList<string> Key, int[] Members)> groups)
    {
        var n = y.Length;
        var estimates = new List<BaselineEstimate>();
        foreach (var (key, members) in groups)
        {
            var totalWeight = members.Sum(i => w[i]);
            var mean = members.Sum(i => w[i] * y[i]) / totalWeight;
            var u = new double[n];
            foreach (var i in members)
            {
                u[i] = (y[i] - mean) / totalWeight;
            }

            var e = design is null ? u : Residuals(design, u, w);
            var we = Enumerable.Range(0, n).Select(i => w[i] * e[i]).ToArray();
            var average = we.Average();
            var variance = n / (n - 1.0) * we.Sum(v => (v - average) * (v - average));
            estimates.Add(new BaselineEstimate(key, mean, Math.Sqrt(variance)));
        }

        return estimates;
    }

    /// <summary>The raking variables' level indicators (row-major n × K), or null without raking.</summary>
    private static (double[] X, int K)? Indicators(List<Margin> margins, int n)
    {
        if (margins.Count == 0)
        {
            return null;
        }

        var k = margins.Sum(m => m.LevelCount);
        var x = new double[n * k];
        var offset = 0;
        foreach (var m in margins)
        {
            for (var i = 0; i < n; i++)
            {
                x[i * k + offset + m.LevelOf[i]] = 1;
            }

            offset += m.LevelCount;
        }

        return (x, k);
    }

    /// <summary>u minus its weighted least-squares fit on the indicators (collinear columns dropped as R's QR does).</summary>
    private static double[] Residuals((double[] X, int K)? design, double[] u, double[] w)
    {
        var (x, k) = design!.Value;
        var n = u.Length;
        var wx = new double[n * k];
        var wu = new double[n];
        for (var i = 0; i < n; i++)
        {
            var s = Math.Sqrt(w[i]);
            wu[i] = s * u[i];
            for (var j = 0; j < k; j++)
            {
                wx[i * k + j] = s * x[i * k + j];
            }
        }

        var beta = PivotedQr.Factor(wx, n, k).Solve(wu, k);
        var e = new double[n];
        for (var i = 0; i < n; i++)
        {
            var fitted = 0.0;
            for (var j = 0; j < k; j++)
            {
                if (!double.IsNaN(beta[j]))
                {
                    fitted += x[i * k + j] * beta[j];
                }
            }

            e[i] = u[i] - fitted;
        }

        return e;
    }

    private static double[] Numbers(DataTable table, string column, string source) => table[column] as NumericColumn is { } c
        ? c.Values
        : throw new UserInputException($"Column '{column}' of {source} must be numeric.");

    internal static string[] Text(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    /// <summary>One raking variable: the sample rows' levels and the population total of each level.</summary>
    private sealed class Margin
    {
        private readonly double[] _targets;

        private Margin(int[] levelOf, double[] targets)
        {
            LevelOf = levelOf;
            _targets = targets;
        }

        public int[] LevelOf { get; }

        public int LevelCount => _targets.Length;

        public static Margin Build(string variable, DataTable sample, ITableSource frame, string weight, List<string> warnings)
        {
            var totals = frame.LoadAggregated([variable], [new AggregateSum("__n", $"CAST({Sql.Identifier(weight)} AS DOUBLE)")], [variable, weight]).Table;
            var frameLevels = Text(totals[variable]);
            var frameTotals = ((NumericColumn)totals["__n"]).Values;
            var sampleLevels = Text(sample[variable]);
            var present = sampleLevels.ToHashSet(StringComparer.Ordinal);
            var unknown = present.Where(l => !frameLevels.Contains(l)).ToList();
            if (unknown.Count > 0)
            {
                throw new UserInputException(
                    $"Raking on '{variable}': sample level(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))} do not occur in the frame {frame.Description}.");
            }

            var kept = Enumerable.Range(0, frameLevels.Length).Where(i => present.Contains(frameLevels[i])).ToList();
            if (kept.Count < frameLevels.Length)
            {
                var empty = Enumerable.Range(0, frameLevels.Length).Where(i => !present.Contains(frameLevels[i])).Select(i => frameLevels[i]);
                warnings.Add($"Raking on '{variable}': no respondents at level(s) {string.Join(", ", empty)}; their population is spread over the other levels (the margin is matched in proportion).");
            }

            var index = kept.Select((f, k) => (frameLevels[f], k)).ToDictionary(x => x.Item1, x => x.k, StringComparer.Ordinal);
            var keptTotal = kept.Sum(f => frameTotals[f]);
            var grand = frameTotals.Sum();
            var targets = kept.Select(f => frameTotals[f] * grand / keptTotal).ToArray();
            return new Margin(sampleLevels.Select(l => index[l]).ToArray(), targets);
        }

        /// <summary>Scales the weights so this margin matches; returns the largest |factor − 1|.</summary>
        public double Adjust(double[] w)
        {
            var sums = new double[_targets.Length];
            for (var i = 0; i < w.Length; i++)
            {
                sums[LevelOf[i]] += w[i];
            }

            var factors = sums.Select((s, k) => _targets[k] / s).ToArray();
            for (var i = 0; i < w.Length; i++)
            {
                w[i] *= factors[LevelOf[i]];
            }

            return factors.Max(f => Math.Abs(f - 1));
        }
    }
}
