namespace MisterP.Posterior;

/// <summary>
/// The arrays one quantity's <see cref="Diagnostics.Convergence(double[][], double[], int[])"/> needs (chains, their
/// sort, split halves, ranks, scores, centred values), kept per thread and reused for the next quantity of the same
/// shape: post-stratification summarizes dozens of groups of 4,000 draws, and allocating ≈ 0.3 MB for each cost
/// several gen-0 collections (issue 16). Every buffer is overwritten in full before it is read, so the values are
/// those of fresh arrays; nothing a caller keeps may point into one.
/// </summary>
internal sealed class ConvergenceWorkspace
{
    [ThreadStatic]
    private static ConvergenceWorkspace? _current;

    private ConvergenceWorkspace(int chainCount, int drawsPerChain)
    {
        (ChainCount, DrawsPerChain) = (chainCount, drawsPerChain);
        var draws = chainCount * drawsPerChain;
        Chains = Jagged(chainCount, drawsPerChain);
        (Sorted, Order, Ranks, FoldedSorted, FoldedOrder) = (new double[draws], new int[draws], new double[draws], new double[draws], new int[draws]);
        // Shaped like ConvergenceMath.Split's result: halves of each chain, or the chains themselves when too short to split.
        var (splitChains, splitLength) = drawsPerChain < 2 ? (chainCount, drawsPerChain) : (2 * chainCount, drawsPerChain / 2);
        (Split, Scores, Centered) = (Jagged(splitChains, splitLength), Jagged(splitChains, splitLength), Jagged(splitChains, splitLength));
    }

    public int ChainCount { get; }

    public int DrawsPerChain { get; }

    /// <summary>The draws cut into their chains.</summary>
    public double[][] Chains { get; }

    /// <summary>The pooled draws sorted, and the index each came from.</summary>
    public double[] Sorted { get; }

    public int[] Order { get; }

    /// <summary>Ranks of the pooled draws (bulk, then folded).</summary>
    public double[] Ranks { get; }

    /// <summary>Distances from the median in increasing order, and the index each came from.</summary>
    public double[] FoldedSorted { get; }

    public int[] FoldedOrder { get; }

    /// <summary>The split chains.</summary>
    public double[][] Split { get; }

    /// <summary>Values over the split chains, one kind at a time: normal scores of the bulk, of the folded draws, then indicators.</summary>
    public double[][] Scores { get; }

    /// <summary>Centred split chains for the autocovariances of an ESS.</summary>
    public double[][] Centered { get; }

    /// <summary>This thread's workspace for <paramref name="chainCount"/> chains of <paramref name="drawsPerChain"/> draws.</summary>
    public static ConvergenceWorkspace For(int chainCount, int drawsPerChain)
    {
        if (_current is not { } work || work.ChainCount != chainCount || work.DrawsPerChain != drawsPerChain)
        {
            _current = work = new ConvergenceWorkspace(chainCount, drawsPerChain);
        }

        return work;
    }

    private static double[][] Jagged(int count, int length)
    {
        var arrays = new double[count][];
        for (var c = 0; c < count; c++)
        {
            arrays[c] = new double[length];
        }

        return arrays;
    }
}
