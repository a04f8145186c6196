namespace MisterP.Checking;

/// <summary>
/// Work arrays for Pareto smoothing one observation of S draws at a time, reused from observation to observation so
/// that PSIS-LOO over thousands of columns allocates nothing per column (one workspace per thread).
/// </summary>
public sealed class PsisWorkspace
{
    public PsisWorkspace(int draws)
    {
        Scratch = new double[Math.Max(draws, 1000)];
        TailIndices = new int[draws];
        TailKeys = new double[draws];
        Exceedances = new double[draws];
        ProfileBuffer = new double[draws];
        Centered = new double[draws];
    }

    /// <summary>The draws' likelihoods centred per chain, for the relative efficiency's autocovariances.</summary>
    internal double[] Centered { get; }

    /// <summary>At least S (and 1,000, for the MCSE's normal scores) values of free space.</summary>
    internal double[] Scratch { get; }

    /// <summary>Draw indices of the tail, sorted by log ratio.</summary>
    internal int[] TailIndices { get; }

    /// <summary>The tail's log ratios, sorted along with <see cref="TailIndices"/>.</summary>
    internal double[] TailKeys { get; }

    /// <summary>The tail's exceedances over the cutoff, ascending.</summary>
    internal double[] Exceedances { get; }

    /// <summary>log(1 + a·x) over the exceedances, for the generalized Pareto profile likelihood.</summary>
    internal double[] ProfileBuffer { get; }

    /// <summary>θ grid of the generalized Pareto fit (30 + ⌊√M⌋ ≤ 30 + √S values).</summary>
    internal double[] GridTheta { get; private set; } = new double[64];

    /// <summary>Profile log likelihood at each θ of the grid.</summary>
    internal double[] GridLogLik { get; private set; } = new double[64];

    /// <summary>Grid arrays of at least <paramref name="size"/> values (grown once, then reused).</summary>
    internal void EnsureGrid(int size)
    {
        if (GridTheta.Length < size)
        {
            GridTheta = new double[size];
            GridLogLik = new double[size];
        }
    }
}
