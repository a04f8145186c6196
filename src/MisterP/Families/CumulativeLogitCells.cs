namespace MisterP.Families;

/// <summary>
/// The cumulative-logit log-likelihood over cells, the sampler's hot loop for ordinal models, as a binomial-logit
/// likelihood over (cell, threshold) pairs. With a = c_{k−1} − η and b = c_k − η, P(y = k) = σ(b)·σ(−a)·(1 − e^{a−b})
/// (<see cref="CumulativeKernel"/>), so a count n_k at category k adds n_k·log σ(t) at its upper threshold, n_k·log σ(−t)
/// at its lower one, and n_k·log(1 − e^{−(c_k − c_{k−1})}), which does not involve η. Per pair t = c_j − η that is
/// nB·log σ(t) + nA·log σ(−t) = nB·t − (nA + nB)·softplus(t), with nB the cell's count at category j and nA its count at
/// j + 1: exactly the binomial-logit kernel (<see cref="LogitCells"/>, SIMD, 512-bit where available) with nB
/// successes in nA + nB trials. The gap terms need only the category totals N_k. A cell needs only the pairs next to
/// the categories it holds (a cell of one answer needs one or two of the K − 1 thresholds); those pairs are fixed at
/// construction, grouped by threshold, so each threshold's derivative is a contiguous sum.
/// Same values as <see cref="CumulativeKernel"/> to rounding (absolute, about one ulp of t).
/// </summary>
public sealed class CumulativeLogitCells
{
    private readonly int _thresholdCount;
    private readonly int _cellCount;

    // Threshold j's pairs are [_blockStart[j], _blockStart[j + 1]), cells ascending.
    private readonly int[] _blockStart;
    private readonly int[] _pairCell;
    private readonly double[] _upperCount;
    private readonly double[] _pairCount;

    // N_k: the total count of each category.
    private readonly double[] _categoryTotal;

    private readonly double[] _t;
    private readonly double[] _dT;

    /// <summary>
    /// For the non-zero counts of <paramref name="cellCount"/> cells in CSR form: <paramref name="entryStart"/> per cell
    /// (length cells + 1), each entry's category (0..<paramref name="thresholdCount"/>) and count.
    /// </summary>
    public CumulativeLogitCells(int thresholdCount, int cellCount, int[] entryStart, int[] entryCategory, double[] entryCount)
    {
        if (entryStart.Length != cellCount + 1 || entryCategory.Length != entryCount.Length || entryStart[cellCount] != entryCategory.Length)
        {
            throw new ArgumentException("The entries do not describe the cells (CSR start per cell, a category and a count per entry).");
        }

        _thresholdCount = thresholdCount;
        _cellCount = cellCount;
        var categories = thresholdCount + 1;
        var counts = new double[cellCount * categories];
        _categoryTotal = new double[categories];
        for (var i = 0; i < cellCount; i++)
        {
            for (var e = entryStart[i]; e < entryStart[i + 1]; e++)
            {
                var k = entryCategory[e];
                if (k < 0 || k >= categories)
                {
                    throw new ArgumentException($"Entry {e} has category {k}, outside 0..{thresholdCount}.", nameof(entryCategory));
                }

                counts[i * categories + k] += entryCount[e];
                _categoryTotal[k] += entryCount[e];
            }
        }

        _blockStart = new int[thresholdCount + 1];
        var cells = new List<int>();
        var upper = new List<double>();
        var both = new List<double>();
        for (var j = 0; j < thresholdCount; j++)
        {
            for (var i = 0; i < cellCount; i++)
            {
                var below = counts[i * categories + j];
                var above = counts[i * categories + j + 1];
                if (below > 0 || above > 0)
                {
                    cells.Add(i);
                    upper.Add(below);
                    both.Add(below + above);
                }
            }

            _blockStart[j + 1] = cells.Count;
        }

        _pairCell = cells.ToArray();
        _upperCount = upper.ToArray();
        _pairCount = both.ToArray();
        _t = new double[_pairCell.Length];
        _dT = new double[_pairCell.Length];
    }

    /// <summary>How many (cell, threshold) values one evaluation computes, against K − 1 per cell for all of them.</summary>
    public int PairCount => _pairCell.Length;

    /// <summary>
    /// Σ_cells Σ_k n_k·log P(y = k | η) over the non-zero counts, writing dℓ/dη per cell into <paramref name="dEta"/> and
    /// adding dℓ/dc_k into <paramref name="dThresholds"/>.
    /// </summary>
    public double LogLikelihood(ReadOnlySpan<double> thresholds, ReadOnlySpan<double> eta, Span<double> dEta, Span<double> dThresholds)
    {
        var t = _t;
        var dT = _dT;
        var pairCell = _pairCell;
        for (var j = 0; j < _thresholdCount; j++)
        {
            var c = thresholds[j];
            for (var p = _blockStart[j]; p < _blockStart[j + 1]; p++)
            {
                t[p] = c - eta[pairCell[p]];
            }
        }

        var lp = LogitCells.LogLikelihood(t, _upperCount, _pairCount, dT);

        // The gap terms: N_k·log(1 − e^{−gap}) for the middle categories, with derivative N_k/expm1(gap) in c_k, minus in c_{k−1}.
        for (var k = 1; k < _thresholdCount; k++)
        {
            var gap = thresholds[k] - thresholds[k - 1];
            var total = _categoryTotal[k];
            lp += total * Math.Log(-Expm1(-gap));
            var pull = total / Expm1(gap);
            dThresholds[k] += pull;
            dThresholds[k - 1] -= pull;
        }

        dEta[.._cellCount].Clear();
        for (var j = 0; j < _thresholdCount; j++)
        {
            var sum = 0.0;
            for (var p = _blockStart[j]; p < _blockStart[j + 1]; p++)
            {
                sum += dT[p];
                dEta[pairCell[p]] -= dT[p];
            }

            dThresholds[j] += sum;
        }

        return lp;
    }

    private static double Expm1(double x) => Math.Abs(x) < 1e-5 ? x + 0.5 * x * x + x * x * x / 6 : Math.Exp(x) - 1;
}
