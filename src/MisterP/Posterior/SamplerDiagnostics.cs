namespace MisterP.Posterior;

/// <summary>
/// Per-chain sampler health: divergent transitions, transitions that hit the maximum tree depth, and E-BFMI
/// (Betancourt 2016: Σ(Eₙ − Eₙ₋₁)² / Σ(Eₙ − Ē)²; null when the draws carry no energy__).
/// </summary>
public sealed record SamplerDiagnostics(int[] DivergencesPerChain, int[] TreeDepthHitsPerChain, double?[] EbfmiPerChain, int MaxTreeDepth)
{
    public int Divergences => DivergencesPerChain.Sum();

    public int TreeDepthHits => TreeDepthHitsPerChain.Sum();

    public static SamplerDiagnostics From(PosteriorDraws draws, int maxTreeDepth)
    {
        var divergent = draws.Statistic("divergent__");
        var depth = draws.Statistic("treedepth__");
        var energy = draws.Statistic("energy__");
        var chains = draws.ChainCount;
        return new SamplerDiagnostics(
            Enumerable.Range(0, chains).Select(c => divergent?[c].Count(v => v > 0) ?? 0).ToArray(),
            Enumerable.Range(0, chains).Select(c => depth?[c].Count(v => v >= maxTreeDepth) ?? 0).ToArray(),
            Enumerable.Range(0, chains).Select(c => energy is null ? (double?)null : Ebfmi(energy[c])).ToArray(),
            maxTreeDepth);
    }

    public static double Ebfmi(double[] energy)
    {
        if (energy.Length < 2)
        {
            return double.NaN;
        }

        var mean = energy.Average();
        double numerator = 0, denominator = 0;
        for (var i = 0; i < energy.Length; i++)
        {
            if (i > 0)
            {
                numerator += (energy[i] - energy[i - 1]) * (energy[i] - energy[i - 1]);
            }

            denominator += (energy[i] - mean) * (energy[i] - mean);
        }

        return numerator / denominator;
    }
}
