namespace MisterP.Checking;

/// <summary>
/// loo 2.5.1's <c>loo_compare</c>: models ordered by elpd_loo, best first; elpd_diff = Σ(elpd_i(model) − elpd_i(best))
/// and se_diff = √N·sd(differences) over the same observations.
/// </summary>
public static class LooComparison
{
    /// <summary>Compares models fitted to the same observations; refuses (with the reason) when they differ.</summary>
    public static IReadOnlyList<LooComparisonRow> Compare(IReadOnlyList<(string Name, LooResult Loo)> models)
    {
        if (models.Count < 2)
        {
            throw new ArgumentException("Comparing needs at least two models.");
        }

        CheckSameObservations(models);
        // R's order(decreasing = TRUE) keeps ties in input order, as does a stable OrderByDescending.
        var ordered = models.Select((m, i) => (m.Name, m.Loo, Index: i)).OrderByDescending(m => m.Loo.ElpdLoo.Value).ToList();
        var best = ordered[0].Loo;
        var counts = best.Counts;
        return ordered.Select(m =>
        {
            var diffs = m.Loo.Pointwise.Select((p, i) => p.ElpdLoo - best.Pointwise[i].ElpdLoo).ToArray();
            var diff = Estimate.Total(diffs, counts);
            return new LooComparisonRow(m.Name, diff.Value, diff.Se, m.Loo);
        }).ToList();
    }

    /// <summary>
    /// The same observations: as many, standing for the same counts (loo only checks the number; a fit's pointwise
    /// rows must also line up one to one, or the differences mean nothing).
    /// </summary>
    public static void CheckSameObservations(IReadOnlyList<(string Name, LooResult Loo)> models)
    {
        var first = models[0];
        foreach (var other in models.Skip(1))
        {
            if (other.Loo.Pointwise.Count != first.Loo.Pointwise.Count)
            {
                throw new UserInputException(
                    $"'{first.Name}' has {first.Loo.Pointwise.Count} pointwise values and '{other.Name}' has {other.Loo.Pointwise.Count}: " +
                    "models can only be compared on the same observations (fit them to the same data).");
            }

            for (var i = 0; i < first.Loo.Pointwise.Count; i++)
            {
                var a = first.Loo.Pointwise[i];
                var b = other.Loo.Pointwise[i];
                if (a.Count != b.Count || a.Name != b.Name)
                {
                    throw new UserInputException(
                        $"'{first.Name}' and '{other.Name}' differ at pointwise value {i + 1} ('{a.Name}' ×{a.Count} vs '{b.Name}' ×{b.Count}): " +
                        "models can only be compared on the same observations (same data, same rows, same unit).");
                }
            }
        }
    }
}

/// <summary>One row of the comparison table.</summary>
public sealed record LooComparisonRow(string Model, double ElpdDiff, double SeDiff, LooResult Loo);
