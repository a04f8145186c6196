using System.Text.Json;
using MisterP.Data;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>
/// Everything needed to encode any table the way the fit's data was encoded: predictors (levels, scaling),
/// fixed-effect columns as products of predictor parts, and group terms with their fitted levels. Saved in
/// model.json so a fit folder can post-stratify a frame without the original data.
/// </summary>
public sealed partial class DesignRecipe
{
    private readonly Dictionary<string, PredictorSpec> _predictors;

    public DesignRecipe(IReadOnlyList<PredictorSpec> predictors, IReadOnlyList<DesignColumn> fixedColumns, IReadOnlyList<GroupRecipe> groups)
    {
        Predictors = predictors;
        _predictors = predictors.ToDictionary(p => p.Label, StringComparer.Ordinal);
        FixedColumns = fixedColumns;
        Groups = groups;
    }

    public IReadOnlyList<PredictorSpec> Predictors { get; }

    public IReadOnlyList<DesignColumn> FixedColumns { get; }

    public IReadOnlyList<GroupRecipe> Groups { get; }

    /// <summary>Levels of every categorical predictor and grouping factor, in order (for model.json).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> FactorLevels =>
        Predictors.Where(p => p.Categorical).Select(p => (p.Label, p.Levels))
            .Concat(Groups.Select(g => (g.Name, g.Levels)))
            .GroupBy(x => x.Item1)
            .ToDictionary(g => g.Key, g => g.First().Item2, StringComparer.Ordinal);

    /// <summary>Data columns a frame must have: predictors' and grouping factors' (not the response).</summary>
    public IReadOnlyList<string> RequiredColumns =>
        Predictors.SelectMany(p => Variables(p.Expression)).Concat(Groups.SelectMany(g => g.Factors)).Distinct(StringComparer.Ordinal).ToList();

    public FrameDesign Encode(DataTable table)
    {
        var missing = RequiredColumns.Where(c => !table.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException($"The table lacks column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} that the model needs.");
        }

        var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var levels = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var p in Predictors)
        {
            if (p.Categorical)
            {
                levels[p.Label] = LevelIndices(table, p);
            }
            else
            {
                var raw = ExprEvaluator.Evaluate(p.Inner, name => NumericValues(table, name), table.RowCount);
                values[p.Label] = raw.Select(v => (v - p.Center) / p.Scale).ToArray();
            }
        }

        var x = Multiply(FixedColumns, table.RowCount, values, levels);
        var groups = Groups.Select(g => EncodeGroup(g, table, values, levels)).ToList();
        return new FrameDesign { RowCount = table.RowCount, X = x, Groups = groups };
    }

    private double[] Multiply(IReadOnlyList<DesignColumn> columns, int rows, Dictionary<string, double[]> values, Dictionary<string, int[]> levels)
    {
        var p = columns.Count;
        var x = new double[rows * p];
        for (var j = 0; j < p; j++)
        {
            // Resolve each part once per column: a numeric vector, or a factor's level indices and the level to match.
            var parts = columns[j].Parts
                .Select(part => part.Level is null
                    ? (Numeric: values[part.Predictor], Codes: (int[]?)null, Level: -1)
                    : (Numeric: (double[]?)null, Codes: levels[part.Predictor], Level: _predictors[part.Predictor].Levels.ToList().IndexOf(part.Level)))
                .ToArray();
            for (var i = 0; i < rows; i++)
            {
                var v = 1.0;
                foreach (var (numeric, codes, level) in parts)
                {
                    v *= numeric is not null ? numeric[i] : codes![i] == level ? 1 : 0;
                }

                x[i * p + j] = v;
            }
        }

        return x;
    }

    private FrameGroupIndex EncodeGroup(GroupRecipe group, DataTable table, Dictionary<string, double[]> values, Dictionary<string, int[]> levels)
    {
        var known = group.Levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var texts = group.Factors.Select(f => TextValues(table, f)).ToList();
        var index = new int[table.RowCount];
        var fresh = new List<string>();
        var freshIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var combinations = new LevelCombinations(texts);
        for (var i = 0; i < index.Length; i++)
        {
            // An interaction's key text is joined once per distinct combination, not once per row.
            if (combinations.Seen(i, out var cached))
            {
                index[i] = cached;
                continue;
            }

            var key = texts.Count == 1 ? texts[0][i] : string.Join("_", texts.Select(t => t[i]));
            if (known.TryGetValue(key, out var k))
            {
                index[i] = k;
            }
            else
            {
                if (!freshIndex.TryGetValue(key, out var f))
                {
                    f = fresh.Count;
                    freshIndex[key] = f;
                    fresh.Add(key);
                }

                index[i] = -1 - f;
            }

            combinations.Remember(index[i]);
        }

        return new FrameGroupIndex { LevelIndex = index, NewLevels = fresh, Z = Multiply(group.Coefficients, table.RowCount, values, levels) };
    }

    private int[] LevelIndices(DataTable table, PredictorSpec p)
    {
        var texts = TextValues(table, p.Column!);
        var map = p.Levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var result = new int[texts.Length];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!map.TryGetValue(texts[i], out result[i]))
            {
                throw new UserInputException(
                    $"Row {i + 1}: '{p.Column}' has level '{texts[i]}', which the fit never saw, so its fixed effect is unknown. " +
                    $"Known levels: {string.Join(", ", p.Levels)}. Recode it, or model '{p.Column}' as a group term (1|{p.Column}) so new levels get drawn effects.");
            }
        }

        return result;
    }

    internal static string[] TextValues(DataTable table, string column) => table[column] switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    internal static double[] NumericValues(DataTable table, string column) => table[column] switch
    {
        NumericColumn n => n.Values,
        TextColumn => throw new UserInputException($"Column '{column}' holds text, but the formula uses it in arithmetic; wrap it as C({column}) or fix the data."),
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    internal static IEnumerable<string> Variables(Expr e) => e switch
    {
        VariableExpr v => [v.Name],
        CallExpr c => c.Arguments.SelectMany(Variables),
        BinaryExpr b => Variables(b.Left).Concat(Variables(b.Right)),
        NegateExpr n => Variables(n.Operand),
        _ => [],
    };
}
