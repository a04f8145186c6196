using System.Globalization;
using System.Text;
using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>
/// Applies <see cref="RecodeRules"/> to a materialized table: one <c>CASE</c> per variable, every from/to value a
/// bound parameter (never pasted into SQL). The column stays numeric when it was and every target is a number
/// (male 0/1 → −0.5/0.5); otherwise it becomes text, values no rule matches kept as their text.
/// </summary>
internal static class RecodeSql
{
    public static void Apply(DuckDBConnection connection, string table, IReadOnlyList<ColumnSchema> schema, RecodeRules recode, string description)
    {
        foreach (var rules in recode.Rules.GroupBy(r => r.Variable, StringComparer.Ordinal))
        {
            using var command = connection.CreateCommand();
            var id = Sql.Identifier(rules.Key);
            command.CommandText = $"CREATE OR REPLACE TABLE {table} AS SELECT * REPLACE ({Expression(command, schema, rules.Key, recode, description)} AS {id}) FROM {table}";
            try
            {
                command.ExecuteNonQuery();
            }
            catch (DuckDBException e)
            {
                throw new UserInputException($"Recoding '{rules.Key}' in {description} failed: {Engine.FirstLine(e.Message)}");
            }
        }
    }

    /// <summary>
    /// The recoded value of <paramref name="variable"/> as an SQL expression whose values are parameters bound on
    /// <paramref name="command"/>; the column itself when no rule names it.
    /// </summary>
    public static string Expression(DuckDBCommand command, IReadOnlyList<ColumnSchema> schema, string variable, RecodeRules recode, string description)
    {
        var column = schema.FirstOrDefault(c => c.Name == variable) ?? throw new UserInputException(
            $"--recode names variable '{variable}', which {description} does not have. Its columns: {string.Join(", ", schema.Select(c => c.Name))}.");
        var id = Sql.Identifier(column.Name);
        var rules = recode.Rules.Where(r => r.Variable == variable).ToList();
        if (rules.Count == 0)
        {
            return id;
        }

        var numeric = column.Kind == ColumnKind.Numeric;
        var numericResult = numeric && rules.All(r => IsNumber(r.To));
        var sql = new StringBuilder("CASE");
        foreach (var rule in rules)
        {
            var condition = new List<string>();
            if (rule.Interval is { } interval)
            {
                if (!numeric)
                {
                    throw new UserInputException($"--recode {rule.Variable} '{rule.From}': an interval needs a numeric column, but '{rule.Variable}' in {description} holds text.");
                }

                if (interval.Lo is { } lo)
                {
                    condition.Add($"{id} >= {Bind(command, lo)}");
                }

                if (interval.Hi is { } hi)
                {
                    condition.Add($"{id} < {Bind(command, hi)}");
                }
            }
            else
            {
                condition.Add(numeric ? $"{id} = {Bind(command, Number(rule))}" : $"{id} = {Bind(command, rule.From)}");
            }

            var to = numericResult ? Bind(command, double.Parse(rule.To, CultureInfo.InvariantCulture)) : Bind(command, rule.To);
            sql.Append(CultureInfo.InvariantCulture, $" WHEN {(condition.Count == 0 ? "TRUE" : string.Join(" AND ", condition))} THEN {to}");
        }

        // Unmatched numbers keep the text a numeric level has elsewhere (17, not 17.0; LevelText's 15 digits).
        var otherwise = numericResult ? $"CAST({id} AS DOUBLE)" : numeric ? $"printf('%.15g', CAST({id} AS DOUBLE))" : $"CAST({id} AS VARCHAR)";
        sql.Append(CultureInfo.InvariantCulture, $" ELSE {otherwise} END");
        return sql.ToString();
    }

    private static bool IsNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static double Number(RecodeRule rule) =>
        double.TryParse(rule.From, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
        : throw new UserInputException($"--recode {rule.Variable} from '{rule.From}': '{rule.Variable}' is numeric, so give a number or an interval such as [18,30).");

    private static string Bind(DuckDBCommand command, object value)
    {
        command.Parameters.Add(new DuckDBParameter(value));
        return "$" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);
    }
}
