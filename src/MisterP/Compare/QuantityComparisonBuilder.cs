using MisterP.Data;

namespace MisterP.Compare;

/// <summary>
/// <c>mrp compare</c> for an ordinal EST.csv (its <c>quantity</c> and <c>category</c> columns): one comparison per
/// <c>--truth-column QUANTITY[:CATEGORY]=COLUMN</c>, each joining that quantity's MRP estimates, the raw sample's value
/// of the same quantity, its survey-weighted or raked value for each set of <see cref="SurveyWeights"/> given (the
/// baselines) and the truth column, per group.
/// </summary>
public static class QuantityComparisonBuilder
{
    /// <summary>Whether an estimates file is an ordinal fit's (it has a <c>quantity</c> column).</summary>
    public static bool HasQuantities(ITableSource estimates) => estimates.Schema.Any(c => c.Name == "quantity");

    /// <param name="sample">The survey sample with <paramref name="outcome"/>, for raw values; null for none.</param>
    /// <param name="scores">Category scores for the raw <c>mean</c>, as given to poststrat's <c>--score</c>.</param>
    /// <param name="truthColumns">The quantities to compare, each with its truth column (the truth file is needed when any is given).</param>
    /// <param name="baselines">
    /// Weights of <paramref name="sample"/> by baseline name (<c>weighted</c>, <c>raking</c>), each from
    /// <see cref="Raking.Weigh"/> over the same outcome and groups: every quantity's weighted mean per group is that baseline.
    /// </param>
    public static IReadOnlyList<QuantityComparison> Build(
        ITableSource estimates,
        IReadOnlyList<string> by,
        ITableSource? sample,
        string? outcome,
        ITableSource? truth,
        IReadOnlyList<TruthColumn> truthColumns,
        IReadOnlyList<double>? scores = null,
        IReadOnlyDictionary<string, SurveyWeights>? baselines = null)
    {
        if (baselines is { Count: > 0 } && sample is null)
        {
            throw new ArgumentException("Baselines weight the sample: give the sample too.", nameof(baselines));
        }

        var bare = truthColumns.FirstOrDefault(t => t.Quantity is null);
        if (bare is not null || truthColumns.Count == 0)
        {
            throw new UserInputException(
                $"{estimates.Description} holds ordinal estimates (a 'quantity' column): name each quantity to compare with its truth column, " +
                "e.g. --truth-column mean=mean_rating --truth-column top_2=top2, share:CATEGORY=COLUMN or nps=nps" +
                (bare is null ? "." : $" (not the bare '{bare.Column}')."));
        }

        if (truth is null)
        {
            throw new UserInputException("--truth-column QUANTITY=COLUMN needs the truth file: add --truth TRUTH.csv.");
        }

        var available = Quantities(estimates);
        var categories = available.Where(q => q.Quantity == "share").Select(q => q.Category).ToList();
        if (sample is not null)
        {
            OrdinalQuantity.RequireCategories(sample, outcome!, categories);
        }

        var set = Poststrat.GroupingSet.Label(by);
        var result = new List<QuantityComparison>();
        foreach (var t in truthColumns)
        {
            var quantity = t.Quantity!;
            if (!available.Contains((quantity, t.Category)))
            {
                throw new UserInputException(
                    $"--truth-column {t.Label}={t.Column}: {estimates.Description} has no '{t.Label}' estimates; it has " +
                    $"{string.Join(", ", available.Select(q => q.Category.Length == 0 ? q.Quantity : $"{q.Quantity}:{q.Category}"))}. " +
                    "Post-stratify with --top K or --nps for those quantities.");
            }

            var mrp = ComparisonBuilder.ReadEstimates(estimates, by, set, (quantity, t.Category));
            var truthByKey = ComparisonBuilder.ReadTruth(truth, by, t.Column, mrp.Select(m => ComparisonBuilder.KeyText(m.Key)).ToHashSet(StringComparer.Ordinal));
            var values = OrdinalQuantity.Of(quantity, t.Category, categories, scores);
            var raw = sample is null ? [] : OrdinalRawEstimates.Compute(sample, outcome!, by, values);
            var rawByKey = raw.ToDictionary(r => ComparisonBuilder.KeyText(r.Key), StringComparer.Ordinal);
            var weighted = (baselines ?? new Dictionary<string, SurveyWeights>()).ToDictionary(
                b => b.Key,
                b => b.Value.Estimate(values.Sql(sample!, outcome!)).ToDictionary(e => ComparisonBuilder.KeyText(e.Key), StringComparer.Ordinal),
                StringComparer.Ordinal);
            var rows = mrp.Select(m =>
            {
                var key = ComparisonBuilder.KeyText(m.Key);
                rawByKey.TryGetValue(key, out var r);
                return new GroupComparison(m.Key, r?.Mean ?? double.NaN, r?.Count ?? 0, m.Estimate, m.Lower, m.Upper, truthByKey.TryGetValue(key, out var v) ? v : double.NaN)
                {
                    Baselines = weighted.Where(b => b.Value.ContainsKey(key))
                        .ToDictionary(b => b.Key, b => (b.Value[key].Estimate, b.Value[key].StdError), StringComparer.Ordinal),
                };
            }).ToList();
            result.Add(new QuantityComparison(quantity, t.Category, rows, ComparisonSummary.Of(rows)));
        }

        return result;
    }

    /// <summary>Every (quantity, category) in the file, in file order.</summary>
    private static List<(string Quantity, string Category)> Quantities(ITableSource estimates)
    {
        // Rows without a category read as missing there and are dropped when it is loaded: shares come from one load,
        // the other quantities from another.
        var shares = estimates.Load(["quantity", "category"], ["quantity"]).Table;
        var shareQuantities = ComparisonBuilder.Text(shares["quantity"]);
        var shareCategories = ComparisonBuilder.Text(shares["category"]);
        var all = ComparisonBuilder.Text(estimates.Load(["quantity"], ["quantity"]).Table["quantity"]);
        return Enumerable.Range(0, shares.RowCount).Where(i => shareQuantities[i] == "share").Select(i => (shareQuantities[i], shareCategories[i]))
            .Concat(all.Where(q => q != "share").Select(q => (q, string.Empty)))
            .Distinct().ToList();
    }
}
