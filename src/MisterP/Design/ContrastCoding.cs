namespace MisterP.Design;

/// <summary>
/// Design columns for a list of terms with R's rules (Chambers &amp; Hastie 1992, ch. 2; R's TermCode): a factor F
/// in term T is coded by treatment contrasts when T without F is in the model (the empty term always counts), by
/// full indicators otherwise; without an intercept the first factor gets indicators. Interaction columns vary the
/// first factor fastest, as model.matrix does.
/// </summary>
internal static class ContrastCoding
{
    public static List<DesignColumn> Columns(IReadOnlyList<Formulas.Term> terms, bool intercept, IReadOnlyList<PredictorSpec> predictors)
    {
        var specs = predictors.ToDictionary(p => p.Label, StringComparer.Ordinal);
        var present = terms.Select(t => Key(t.Factors.Select(f => f.Label))).ToHashSet(StringComparer.Ordinal);
        present.Add(string.Empty);
        var columns = new List<DesignColumn>();
        if (intercept)
        {
            columns.Add(new DesignColumn("Intercept", []));
        }

        var firstFactorPending = !intercept;
        foreach (var term in terms)
        {
            var labels = term.Factors.Select(f => f.Label).ToList();
            var choices = new List<List<ColumnPart>>();
            foreach (var label in labels)
            {
                var spec = specs[label];
                if (!spec.Categorical)
                {
                    choices.Add([new ColumnPart(label, null)]);
                    continue;
                }

                var rest = Key(labels.Where(l => l != label));
                var contrasts = present.Contains(rest) && !firstFactorPending;
                firstFactorPending = false;
                var levels = contrasts ? spec.Levels.Skip(1) : spec.Levels;
                choices.Add(levels.Select(l => new ColumnPart(label, l)).ToList());
            }

            foreach (var parts in Product(choices))
            {
                var name = string.Join(":", parts.Select(p => p.Level is null ? p.Predictor : p.Predictor + p.Level));
                columns.Add(new DesignColumn(name, parts));
            }
        }

        return columns;
    }

    private static string Key(IEnumerable<string> labels) => string.Join("\u001f", labels.Order(StringComparer.Ordinal));

    /// <summary>Cartesian product with the first list varying fastest.</summary>
    private static IEnumerable<List<ColumnPart>> Product(List<List<ColumnPart>> choices)
    {
        var index = new int[choices.Count];
        if (choices.Any(c => c.Count == 0))
        {
            yield break;
        }

        while (true)
        {
            yield return choices.Select((c, k) => c[index[k]]).ToList();
            var k2 = 0;
            while (k2 < choices.Count && ++index[k2] == choices[k2].Count)
            {
                index[k2] = 0;
                k2++;
            }

            if (k2 == choices.Count)
            {
                yield break;
            }
        }
    }
}
