using MisterP.Data;

namespace MisterP.Poststrat;

/// <summary>Frame problems found before any prediction: missing columns, missing values, bad counts.</summary>
internal static class FrameChecks
{
    public static void Validate(ITableSource frame, IReadOnlyList<string> columns, string weight)
    {
        var available = frame.Schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = columns.Where(c => !available.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException(
                $"The frame {frame.Description} lacks column(s) {string.Join(", ", missing.Select(m => $"'{m}'"))} that the model or --by needs. " +
                $"Its columns are: {string.Join(", ", available.Order(StringComparer.Ordinal))}. Add them (or --join a file that has them).");
        }

        if (frame.Schema.First(c => c.Name == weight).Kind != ColumnKind.Numeric)
        {
            throw new UserInputException($"--weight column '{weight}' in {frame.Description} is not numeric; it must hold each cell's population count.");
        }

        // One scan for any missing value; the column is looked up only to word the error.
        if (frame.FirstRowWhere(string.Join(" OR ", columns.Select(c => $"{Sql.Identifier(c)} IS NULL")), []) is { } row)
        {
            var column = columns.First(c => frame.FirstRowWhere($"{Sql.Identifier(c)} IS NULL", []) == row);
            throw new UserInputException($"{frame.Description}, row {row}: '{column}' is missing. Every frame cell needs every model column and a count.");
        }

        var w = Sql.Identifier(weight);
        if (frame.FirstRowWhere($"{w} < 0 OR isnan(CAST({w} AS DOUBLE)) OR isinf(CAST({w} AS DOUBLE))", []) is { } bad)
        {
            throw new UserInputException($"{frame.Description}, row {bad}: count '{weight}' is negative or not finite; population counts must be ≥ 0.");
        }
    }
}
