using MisterP.Data;
using MisterP.Design;
using MisterP.Poststrat;

namespace MisterP.Simulation;

/// <summary>
/// The population truth per group of each grouping set, Σ n·v / Σ n over the group's cells, in the long format of
/// post-stratified estimates: <c>by,&lt;every grouping column…&gt;,truth,population</c>, groups in code-point order.
/// </summary>
public static class PopulationTruth
{
    /// <param name="frame">The population cells, holding every grouping column.</param>
    /// <param name="counts">Each cell's population count.</param>
    /// <param name="values">Each cell's true value (a probability, or a realized share).</param>
    /// <param name="by">Grouping sets; an empty set is the whole population.</param>
    public static DataTable PerGroup(DataTable frame, double[] counts, double[] values, IReadOnlyList<IReadOnlyList<string>> by)
    {
        var byColumn = new List<string>();
        var keyColumns = by.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList();
        var keyValues = keyColumns.ToDictionary(k => k, _ => new List<string>(), StringComparer.Ordinal);
        var truth = new List<double>();
        var population = new List<double>();
        foreach (var set in by)
        {
            var texts = set.Select(c => DesignRecipe.TextValues(frame, c)).ToList();
            var groups = Enumerable.Range(0, frame.RowCount).GroupBy(i => string.Join("\u001f", texts.Select(t => t[i]))).OrderBy(g => g.Key, StringComparer.Ordinal);
            foreach (var g in groups)
            {
                var n = g.Sum(i => counts[i]);
                byColumn.Add(GroupingSet.Label(set));
                foreach (var k in keyColumns)
                {
                    var position = set.ToList().IndexOf(k);
                    keyValues[k].Add(position >= 0 ? texts[position][g.First()] : string.Empty);
                }

                truth.Add(n > 0 ? g.Sum(i => counts[i] * values[i]) / n : double.NaN);
                population.Add(n);
            }
        }

        var columns = new List<DataColumn> { new TextColumn("by", [.. byColumn]) };
        columns.AddRange(keyColumns.Select(k => new TextColumn(k, [.. keyValues[k]])));
        columns.Add(new NumericColumn("truth", [.. truth]));
        columns.Add(new NumericColumn("population", [.. population]));
        return new DataTable(columns);
    }

    /// <summary>The rows of one grouping set, with only that set's columns: <c>&lt;columns…&gt;,truth,population</c>.</summary>
    public static DataTable ForSet(DataTable truth, IReadOnlyList<string> set)
    {
        var label = GroupingSet.Label(set);
        var sets = ((TextColumn)truth["by"]).Values;
        var rows = Enumerable.Range(0, truth.RowCount).Where(i => sets[i] == label).ToArray();
        var columns = set.Select(c => (DataColumn)new TextColumn(c, rows.Select(i => ((TextColumn)truth[c]).Values[i]).ToArray())).ToList();
        columns.Add(new NumericColumn("truth", rows.Select(i => ((NumericColumn)truth["truth"]).Values[i]).ToArray()));
        columns.Add(new NumericColumn("population", rows.Select(i => ((NumericColumn)truth["population"]).Values[i]).ToArray()));
        return new DataTable(columns);
    }
}
