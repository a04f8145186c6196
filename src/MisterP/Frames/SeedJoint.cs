using MisterP.Data;
using MisterP.Poststrat;

namespace MisterP.Frames;

/// <summary>The seed joint: its variables' level texts (and original columns, to write back), counts, and area rows.</summary>
internal sealed class SeedJoint
{
    private readonly DataTable _table;
    private readonly Dictionary<string, string[]> _levels;
    private readonly string[]? _areas;

    private SeedJoint(DataTable table, IReadOnlyList<string> variables, double[] counts, string[]? areas)
    {
        _table = table;
        Variables = variables;
        Counts = counts;
        _areas = areas;
        _levels = variables.ToDictionary(v => v, v => FitVariables.LevelTexts(table[v]), StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Variables { get; }

    public double[] Counts { get; }

    public static SeedJoint Read(ITableSource joint, string by, string weight)
    {
        var weightColumn = joint.Schema.FirstOrDefault(c => c.Name == weight);
        if (weightColumn is not { Kind: ColumnKind.Numeric })
        {
            throw new UserInputException($"The joint {joint.Description} has no numeric count column '{weight}'; name it with --weight.");
        }

        var variables = joint.Schema.Select(c => c.Name).Where(c => c != weight && c != by).ToList();
        var hasArea = joint.Schema.Any(c => c.Name == by);
        var columns = variables.Append(weight).Concat(hasArea ? [by] : []).ToList();
        var loaded = joint.Load(columns, columns);
        if (loaded.RowsDropped > 0)
        {
            throw new UserInputException($"The joint {joint.Description} has {loaded.RowsDropped} row(s) with missing values; every cell needs every variable and a count.");
        }

        var counts = ((NumericColumn)loaded.Table[weight]).Values;
        if (counts.Any(c => c < 0 || !double.IsFinite(c)))
        {
            throw new UserInputException($"The joint {joint.Description} has a negative or non-finite count in '{weight}'.");
        }

        return new SeedJoint(loaded.Table, variables, counts, hasArea ? FitVariables.LevelTexts(loaded.Table[by]) : null);
    }

    public string Level(string variable, int row) => _levels[variable][row];

    /// <summary>The seed rows of <paramref name="area"/>: every row of a national joint, or the area's own rows.</summary>
    public IReadOnlyList<int> RowsOf(string area, string marginsDescription)
    {
        var rows = Enumerable.Range(0, Counts.Length).Where(i => _areas is null || _areas[i] == area).ToList();
        return rows.Count > 0 ? rows : throw new UserInputException(
            $"{marginsDescription} has margins for area '{area}', but the joint has no rows for it; give the joint rows for every area, or a national joint without the area column.");
    }

    /// <summary>A column of the joint's values at <paramref name="rows"/>, keeping its kind (numeric codes stay numeric).</summary>
    public DataColumn Column(string variable, IReadOnlyList<int> rows) => _table[variable] switch
    {
        NumericColumn n => new NumericColumn(variable, rows.Select(i => n.Values[i]).ToArray()),
        TextColumn t => new TextColumn(variable, rows.Select(i => t.Values[i]).ToArray()),
        _ => throw new InvalidOperationException("Unknown column type."),
    };
}
