using MisterP.Data;

namespace MisterP.Interpretation;

/// <summary>
/// The units as one counterfactual sees them: unchanged, with one column set to a value for every unit
/// (comparisons between levels), or with a numeric column shifted by a constant (finite differences).
/// </summary>
internal sealed record Scenario(string? Column, CellValue? Value, double Shift)
{
    public static readonly Scenario AsObserved = new(null, null, 0);

    public static Scenario Set(string column, CellValue value) => new(column, value, 0);

    public static Scenario Shifted(string column, double shift) => new(column, null, shift);

    public DataTable Apply(DataTable table)
    {
        if (Column is null)
        {
            return table;
        }

        var columns = table.Columns.Select(c => c.Name != Column ? c : Replace(c, table.RowCount)).ToList();
        return new DataTable(columns, table.RowsPerCell);
    }

    private DataColumn Replace(DataColumn column, int rows) => (column, Value) switch
    {
        (NumericColumn n, null) => new NumericColumn(n.Name, n.Values.Select(v => v + Shift).ToArray()),
        (NumericColumn n, { } value) => new NumericColumn(n.Name, Enumerable.Repeat(value.Number, rows).ToArray()),
        (TextColumn t, { } value) => new TextColumn(t.Name, Enumerable.Repeat(value.Text, rows).ToArray()),
        _ => throw new UserInputException($"'{column.Name}' holds text, so it cannot be shifted by a number; compare its levels instead."),
    };
}

/// <summary>One value of a column: a number for numeric columns, its text for text columns (and its display text).</summary>
internal sealed record CellValue(double Number, string Text)
{
    public static CellValue Of(DataColumn column, int row) => column switch
    {
        NumericColumn n => new CellValue(n.Values[row], LevelText.Format(n.Values[row])),
        TextColumn t => new CellValue(double.NaN, t.Values[row]),
        _ => throw new InvalidOperationException("Unknown column type."),
    };

    public static CellValue OfNumber(double value) => new(value, LevelText.Format(value));

    /// <summary>Reads user text as a value of <paramref name="column"/>'s type.</summary>
    public static CellValue Parse(DataColumn column, string text, string option)
    {
        if (column is TextColumn)
        {
            return new CellValue(double.NaN, text);
        }

        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v)
            ? OfNumber(v)
            : throw new UserInputException($"{option}: '{column.Name}' is numeric, but '{text}' is not a number.");
    }
}

/// <summary>
/// One quantity per unit: the prediction of scenario <see cref="High"/>, minus that of <see cref="Low"/> when
/// Low ≥ 0, divided by <see cref="Divisor"/>; labelled by its term and contrast (marginaleffects' columns).
/// </summary>
internal sealed record Estimand(int High, int Low, double Divisor, string? Term, string? Contrast)
{
    public bool IsPrediction => Low < 0 && Divisor == 1;
}
