using MisterP.Data;

namespace MisterP.Interpretation;

/// <summary>
/// The units, as cells: one row per distinct combination of the needed columns, with the respondents it stands for
/// and its weight in averages (the respondents, or the sum of a weight column). Summaries (means, modes,
/// quantiles, ranges) weight cells so that they equal the same summaries over the original rows.
/// </summary>
internal sealed class UnitTable
{
    private const string RespondentsColumn = "__mrp_respondents";
    private const string WeightColumn = "__mrp_weight";

    private UnitTable(DataTable table, double[] respondents, double[] weights, long rowsDropped)
    {
        Table = table;
        Respondents = respondents;
        Weights = weights;
        RowsDropped = rowsDropped;
    }

    public DataTable Table { get; }

    public double[] Respondents { get; }

    public double[] Weights { get; }

    public long RowsDropped { get; }

    public int Count => Table.RowCount;

    public static UnitTable Load(InterpretationData data, IReadOnlyList<string> columns, string? weightColumn)
    {
        var sums = new List<AggregateSum> { new(RespondentsColumn, data.RespondentsSql ?? "1") };
        if (weightColumn is not null)
        {
            if (data.Source.Schema.FirstOrDefault(c => c.Name == weightColumn) is { Kind: ColumnKind.Text })
            {
                throw new UserInputException($"--weights column '{weightColumn}' of {data.Description} holds text; give a numeric column.");
            }

            sums.Add(new AggregateSum(WeightColumn, Sql.Identifier(weightColumn)));
        }

        var required = data.RequiredColumns.Concat(columns).Concat(weightColumn is null ? [] : [weightColumn]).Distinct(StringComparer.Ordinal).ToList();
        var load = data.Source.LoadAggregated(columns, sums, required);
        var table = load.Table;
        if (table.RowCount == 0)
        {
            throw new UserInputException($"{data.Description} has no rows with all of {string.Join(", ", required)} present; nothing to predict over.");
        }

        var respondents = ((NumericColumn)table[RespondentsColumn]).Values;
        var weights = weightColumn is null ? respondents : ((NumericColumn)table[WeightColumn]).Values;
        if (weights.Any(w => !(w >= 0) || double.IsInfinity(w)))
        {
            throw new UserInputException($"--weights column '{weightColumn}' of {data.Description} has negative or non-finite values; weights must be ≥ 0.");
        }

        var kept = new DataTable(columns.Select(c => table[c]).ToList(), table.RowsPerCell);
        return new UnitTable(kept, respondents, weights, load.RowsDropped);
    }

    /// <summary>A single unit of weight 1 holding <paramref name="table"/>'s rows (grids: every row counts once).</summary>
    public static UnitTable Grid(DataTable table)
    {
        var ones = Enumerable.Repeat(1.0, table.RowCount).ToArray();
        return new UnitTable(table, ones, ones, 0);
    }

    /// <summary>The same units with their columns replaced (a counterfactual of every unit).</summary>
    public UnitTable WithTable(DataTable table) => new(table, Respondents, Weights, RowsDropped);

    /// <summary>Weighted mean (each cell counts its weight), over cells of positive weight.</summary>
    public double Mean(string column)
    {
        var values = ((NumericColumn)Table[column]).Values;
        double sum = 0, total = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += Weights[i] * values[i];
            total += Weights[i];
        }

        return total > 0 ? sum / total : values.Average();
    }

    /// <summary>Smallest and largest value among cells of positive weight.</summary>
    public (double Min, double Max) Range(string column)
    {
        var values = ((NumericColumn)Table[column]).Values.Where((_, i) => Weights[i] > 0).DefaultIfEmpty(double.NaN).ToArray();
        return (values.Min(), values.Max());
    }

    /// <summary>
    /// R's type-7 quantile of the rows the cells stand for (each value repeated by its weight), so that cells give the
    /// rows' quantiles exactly for whole-number weights.
    /// </summary>
    public double Quantile(string column, double p)
    {
        var values = ((NumericColumn)Table[column]).Values;
        var order = Enumerable.Range(0, values.Length).Where(i => Weights[i] > 0).OrderBy(i => values[i]).ToArray();
        var total = order.Sum(i => Weights[i]);
        var h = (total - 1) * p;
        double ValueAt(double position)
        {
            var cumulative = 0.0;
            foreach (var i in order)
            {
                cumulative += Weights[i];
                if (position < cumulative)
                {
                    return values[i];
                }
            }

            return values[order[^1]];
        }

        var lo = Math.Floor(h);
        return ValueAt(lo) + (h - lo) * (ValueAt(lo + 1) - ValueAt(lo));
    }

    /// <summary>Level text of every cell of a column (numbers as R prints them).</summary>
    public string[] Texts(string column) => Table[column] switch
    {
        TextColumn t => t.Values,
        NumericColumn n => LevelText.FormatAll(n.Values),
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    /// <summary>Index of a cell holding the most frequent level (by weight); ties go to the level listed first.</summary>
    public int ModeCell(string column, IReadOnlyList<string> levels)
    {
        var texts = Texts(column);
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < texts.Length; i++)
        {
            totals[texts[i]] = totals.GetValueOrDefault(texts[i]) + Weights[i];
        }

        var best = levels.OrderByDescending(l => totals.GetValueOrDefault(l)).First();
        return Array.IndexOf(texts, best);
    }
}
