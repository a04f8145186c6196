namespace MisterP.Compare;

/// <summary>One group side by side: raw sample mean (with n), MRP estimate with interval, optional baselines and truth.</summary>
public sealed record GroupComparison(IReadOnlyList<string> Key, double Raw, double RawCount, double Mrp, double MrpLower, double MrpUpper, double Truth)
{
    /// <summary>Classical weighting baselines by name (e.g. "raking"), with their standard errors.</summary>
    public IReadOnlyDictionary<string, (double Estimate, double StdError)> Baselines { get; init; } =
        new Dictionary<string, (double, double)>();
}

/// <summary>Accuracy of one estimator against the truth over the groups that have both.</summary>
public sealed record EstimatorAccuracy(string Estimator, int Groups, double Rmse, double Mae, double Bias, double? Coverage);

/// <summary>Accuracy summaries of raw, MRP and any baselines against truth (SPEC §2 <c>mrp compare</c>).</summary>
public sealed record ComparisonSummary(IReadOnlyList<EstimatorAccuracy> Accuracy, double? ShareMrpBeatsRaw)
{
    public static ComparisonSummary Of(IReadOnlyList<GroupComparison> rows)
    {
        var withTruth = rows.Where(r => double.IsFinite(r.Truth)).ToList();
        if (withTruth.Count == 0)
        {
            return new ComparisonSummary([], null);
        }

        var accuracy = new List<EstimatorAccuracy>
        {
            Score("raw", withTruth.Where(r => double.IsFinite(r.Raw)).Select(r => (r.Raw, r.Truth)).ToList(), null),
            Score("mrp", withTruth.Where(r => double.IsFinite(r.Mrp)).Select(r => (r.Mrp, r.Truth)).ToList(),
                withTruth.Where(r => double.IsFinite(r.Mrp)).Average(r => r.Truth >= r.MrpLower && r.Truth <= r.MrpUpper ? 1.0 : 0.0)),
        };
        foreach (var name in withTruth.SelectMany(r => r.Baselines.Keys).Distinct(StringComparer.Ordinal))
        {
            var pairs = withTruth.Where(r => r.Baselines.TryGetValue(name, out var b) && double.IsFinite(b.Estimate))
                .Select(r => (r.Baselines[name].Estimate, r.Truth)).ToList();
            accuracy.Add(Score(name, pairs, null));
        }

        var both = withTruth.Where(r => double.IsFinite(r.Raw) && double.IsFinite(r.Mrp)).ToList();
        double? beats = both.Count == 0 ? null : both.Average(r => Math.Abs(r.Mrp - r.Truth) < Math.Abs(r.Raw - r.Truth) ? 1.0 : 0.0);
        return new ComparisonSummary(accuracy, beats);
    }

    private static EstimatorAccuracy Score(string name, IReadOnlyList<(double Estimate, double Truth)> pairs, double? coverage)
    {
        if (pairs.Count == 0)
        {
            return new EstimatorAccuracy(name, 0, double.NaN, double.NaN, double.NaN, coverage);
        }

        var errors = pairs.Select(p => p.Estimate - p.Truth).ToArray();
        return new EstimatorAccuracy(
            name,
            pairs.Count,
            Math.Sqrt(errors.Average(e => e * e)),
            errors.Average(Math.Abs),
            errors.Average(),
            coverage);
    }
}
