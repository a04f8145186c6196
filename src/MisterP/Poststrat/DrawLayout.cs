namespace MisterP.Poststrat;

/// <summary>
/// How the posterior draws behind post-stratified estimates are arranged: chains concatenated in order, equally long.
/// <see cref="Independent"/> marks draws that are independent by construction (a Laplace approximation's), for which
/// R̂ compares nothing and is not reported.
/// </summary>
public sealed record DrawLayout(int ChainCount, int DrawsPerChain, bool Independent)
{
    public int DrawCount => ChainCount * DrawsPerChain;

    /// <summary>
    /// Per-draw values cut into their chains, the shape the convergence diagnostics take, written over
    /// <paramref name="chains"/> (<see cref="ChainCount"/> arrays of <see cref="DrawsPerChain"/>).
    /// </summary>
    public double[][] Chains(double[] draws, double[][] chains)
    {
        for (var c = 0; c < ChainCount; c++)
        {
            draws.AsSpan(c * DrawsPerChain, DrawsPerChain).CopyTo(chains[c]);
        }

        return chains;
    }
}
