using MisterP.Data;
using MisterP.Design;

namespace MisterP.Poststrat;

/// <summary>
/// What a fit saw of each variable a frame must supply: the levels of every variable used as a factor (categorical
/// predictor or grouping factor), and which variables enter numerically. Optionally, from the sample itself, the
/// numeric variables' observed values and the cells (factor combinations) that have respondents.
/// </summary>
public sealed record FitVariables(
    IReadOnlyDictionary<string, IReadOnlyList<string>> FactorLevels,
    IReadOnlyList<string> NumericVariables,
    IReadOnlyList<string> RequiredColumns)
{
    /// <summary>Distinct observed values of each numeric variable in the sample; null when the sample is not at hand.</summary>
    public IReadOnlyDictionary<string, double[]>? NumericValues { get; init; }

    /// <summary>Factor combinations (keys joined by <see cref="CellKey"/>) with respondents; null when the sample is not at hand.</summary>
    public IReadOnlySet<string>? SampleCells { get; init; }

    /// <summary>The factor variables in a stable order (the order of <see cref="FactorLevels"/>' keys, sorted).</summary>
    public IReadOnlyList<string> Factors => FactorLevels.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The variables of a fit's recipe. A term over several factors stores levels joined with '_'; they are split
    /// back per factor when every level splits into exactly one part per factor, so interaction-only factors are
    /// checked too (a variable with its own term or a categorical predictor uses those exact levels as well).
    /// </summary>
    public static FitVariables FromRecipe(DesignRecipe recipe)
    {
        var levels = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        void Add(string variable, IEnumerable<string> values)
        {
            if (!levels.TryGetValue(variable, out var set))
            {
                levels[variable] = set = new SortedSet<string>(StringComparer.Ordinal);
            }

            set.UnionWith(values);
        }

        foreach (var p in recipe.Predictors.Where(p => p.Categorical))
        {
            Add(p.Column!, p.Levels);
        }

        foreach (var g in recipe.Groups)
        {
            if (g.Factors.Count == 1)
            {
                Add(g.Factors[0], g.Levels);
                continue;
            }

            var parts = g.Levels.Select(l => l.Split('_')).ToList();
            if (parts.All(p => p.Length == g.Factors.Count))
            {
                for (var f = 0; f < g.Factors.Count; f++)
                {
                    Add(g.Factors[f], parts.Select(p => p[f]));
                }
            }
        }

        var numeric = recipe.Predictors.Where(p => !p.Categorical)
            .SelectMany(p => DesignRecipe.Variables(p.Expression))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new FitVariables(
            levels.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value.ToList(), StringComparer.Ordinal),
            numeric,
            recipe.RequiredColumns);
    }

    /// <summary>
    /// Adds what only the sample knows: numeric variables' observed values and the cells with respondents (rows
    /// missing any model column are left out, as fitting leaves them out). Factor levels are re-read from the sample
    /// too, so a variable whose interaction levels could not be split is still checked.
    /// </summary>
    public FitVariables WithSample(ITableSource sample)
    {
        var required = RequiredColumns.Where(c => sample.Schema.Any(s => s.Name == c)).ToList();
        var numeric = NumericVariables.Where(v => sample.Schema.Any(s => s.Name == v && s.Kind == ColumnKind.Numeric))
            .ToDictionary(v => v, v => ((NumericColumn)sample.LoadAggregated([v], [], required).Table[v]).Values, StringComparer.Ordinal);
        var factors = RequiredColumns.Where(c => FactorLevels.ContainsKey(c) || !NumericVariables.Contains(c))
            .Where(c => sample.Schema.Any(s => s.Name == c)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var levels = new Dictionary<string, IReadOnlyList<string>>(FactorLevels, StringComparer.Ordinal);
        foreach (var f in factors)
        {
            levels[f] = LevelTexts(sample.LoadAggregated([f], [], required).Table[f]).Order(StringComparer.Ordinal).ToList();
        }

        var cellTable = sample.LoadAggregated(factors, [], required).Table;
        var cells = CellKeys(cellTable, factors).ToHashSet(StringComparer.Ordinal);
        return this with { FactorLevels = levels, NumericValues = numeric, SampleCells = cells };
    }

    /// <summary>One string per row joining <paramref name="columns"/>' level texts with a separator no level contains.</summary>
    internal static IEnumerable<string> CellKeys(DataTable table, IReadOnlyList<string> columns)
    {
        var texts = columns.Select(c => LevelTexts(table[c])).ToList();
        return Enumerable.Range(0, table.RowCount).Select(i => CellKey(texts.Select(t => t[i])));
    }

    internal static string CellKey(IEnumerable<string> levels) => string.Join("\u001f", levels);

    internal static string[] LevelTexts(DataColumn column) => column switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException($"Unknown column type {column.GetType().Name}."),
    };
}
