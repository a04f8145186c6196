namespace MisterP.Checking;

/// <summary>
/// loo 2.5.1's Pareto k diagnostic table: (−∞, 0.5] good, (0.5, 0.7] ok, (0.7, 1] bad, (1, ∞) very bad; counts are
/// observations (a column counts as many times as it stands for), with the minimum PSIS n_eff in each band.
/// </summary>
public sealed record ParetoKTable(IReadOnlyList<ParetoKBand> Bands)
{
    public static readonly (string Label, string Range, double Upper)[] Limits =
    [
        ("good", "(-Inf, 0.5]", 0.5),
        ("ok", "(0.5, 0.7]", 0.7),
        ("bad", "(0.7, 1]", 1),
        ("very bad", "(1, Inf)", double.PositiveInfinity),
    ];

    public static ParetoKTable From(IReadOnlyList<LooPointwise> pointwise)
    {
        var total = pointwise.Sum(p => p.Count);
        var bands = new List<ParetoKBand>();
        var lower = double.NegativeInfinity;
        foreach (var (label, range, upper) in Limits)
        {
            var inBand = pointwise.Where(p => p.ParetoK > lower && (p.ParetoK <= upper || double.IsPositiveInfinity(upper))).ToList();
            var count = inBand.Sum(p => p.Count);
            var minNEff = inBand.Count == 0 ? double.NaN : inBand.Min(p => p.PsisEffectiveSize);
            bands.Add(new ParetoKBand(label, range, count, total > 0 ? count / total : double.NaN, minNEff));
            lower = upper;
        }

        return new ParetoKTable(bands);
    }

    /// <summary>Observations with k above 0.7, where PSIS-LOO is unreliable.</summary>
    public double CountAbove07 => Bands[2].Count + Bands[3].Count;
}

/// <summary>One row of the Pareto k table.</summary>
public sealed record ParetoKBand(string Label, string Range, double Count, double Proportion, double MinPsisEffectiveSize);
