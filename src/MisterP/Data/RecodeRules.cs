using System.Globalization;
using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>
/// One recode: values of <see cref="Variable"/> equal to <see cref="From"/>, or (for a numeric column) inside the
/// half-open interval <c>[lo,hi)</c> that <see cref="From"/> writes (either end may be empty: <c>[65,)</c>), become
/// <see cref="To"/>.
/// </summary>
public sealed record RecodeRule(string Variable, string From, string To)
{
    /// <summary>The interval's ends (null = unbounded) when <see cref="From"/> is <c>[lo,hi)</c>; null for a plain value.</summary>
    public (double? Lo, double? Hi)? Interval
    {
        get
        {
            var f = From.Trim();
            if (!f.StartsWith('[') || !f.EndsWith(')') || f.Count(c => c == ',') != 1)
            {
                return null;
            }

            var parts = f[1..^1].Split(',');
            return (End(parts[0]), End(parts[1]));
        }
    }

    private double? End(string text) =>
        text.Trim().Length == 0 ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw new UserInputException($"--recode {Variable}: '{From}' is not an interval of numbers; write it as [18,30) (from 18 up to, not including, 30).");
}

/// <summary>
/// Recodes read from a CSV <c>variable,from,to</c> (<c>--recode FILE</c>), so raw ages, codes and labels map onto the
/// model's categories the same way in the sample and the frame. Applied in DuckDB by <see cref="RecodeSql"/> with
/// every value bound as a parameter; saved in model.json so post-stratification recodes the frame identically.
/// </summary>
public sealed class RecodeRules(IReadOnlyList<RecodeRule> rules)
{
    public IReadOnlyList<RecodeRule> Rules { get; } = rules;

    public static RecodeRules None { get; } = new([]);

    public bool IsEmpty => Rules.Count == 0;

    /// <summary>These rules followed by <paramref name="more"/> (a variable's earlier rules win where they overlap).</summary>
    public RecodeRules Then(RecodeRules more) => more.IsEmpty ? this : IsEmpty ? more : new([.. Rules, .. more.Rules]);

    public static RecodeRules Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new UserInputException($"Recode file '{path}' not found (in {Path.GetFullPath(path)}).");
        }

        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM read_csv({Sql.Literal(Path.GetFullPath(path))}, all_varchar = true, header = true)";
        var rules = new List<RecodeRule>();
        try
        {
            using var reader = command.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
            int Column(string name) => names.IndexOf(name) is >= 0 and var i ? i : throw new UserInputException(
                $"Recode file '{path}' needs the columns variable,from,to (it has {string.Join(",", names)}). Example line: age,\"[18,30)\",18-29");
            var (v, f, t) = (Column("variable"), Column("from"), Column("to"));
            var line = 1;
            while (reader.Read())
            {
                line++;
                if (reader.IsDBNull(v) || reader.IsDBNull(f) || reader.IsDBNull(t))
                {
                    throw new UserInputException($"Recode file '{path}', line {line}: variable, from and to are all required.");
                }

                var rule = new RecodeRule(reader.GetString(v).Trim(), reader.GetString(f), reader.GetString(t));
                _ = rule.Interval; // validates an interval's numbers now, naming the line's variable
                rules.Add(rule);
            }
        }
        catch (DuckDBException e)
        {
            throw new UserInputException($"Cannot read recode file '{path}': {Engine.FirstLine(e.Message)}");
        }

        return new RecodeRules(rules);
    }
}
