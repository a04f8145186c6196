using System.Text;
using DuckDB.NET.Data;

namespace MisterP.Data;

/// <summary>
/// A table source backed by an in-memory DuckDB database: the input (with joins applied) is materialized once as
/// table <c>src</c> with a source-order row number, and all row work (missing-value filters, validation
/// predicates, aggregation into cells) runs as SQL.
/// </summary>
public sealed class DuckDbTableSource : ITableSource
{
    internal const string RowColumn = "__mrp_row";
    private const string Table = "__mrp_src";

    private readonly DuckDBConnection _connection;

    /// <summary>The database <see cref="WarmUp"/> is opening, until an <see cref="Open(string, IReadOnlyList{JoinSpec}, RecodeRules?)"/> takes it.</summary>
    private static Task<DuckDBConnection?>? _warm;

    /// <summary>Rows of the materialized table, which nothing changes after <see cref="Open(string, IReadOnlyList{JoinSpec}, RecodeRules?)"/>: counted once.</summary>
    private long? _rowCount;

    private DuckDbTableSource(DuckDBConnection connection, string description, string spec, IReadOnlyList<ColumnSchema> schema)
    {
        _connection = connection;
        Description = description;
        Spec = spec;
        Schema = schema;
    }

    public string Description { get; }

    public string? Spec { get; }

    public IReadOnlyList<ColumnSchema> Schema { get; }

    public static DuckDbTableSource Open(string spec, IReadOnlyList<JoinSpec> joins, RecodeRules? recode = null) => Open(spec, joins, recode, null);

    /// <summary>Opens <paramref name="spec"/>, described in messages as <paramref name="description"/> when given.</summary>
    internal static DuckDbTableSource Open(string spec, IReadOnlyList<JoinSpec> joins, RecodeRules? recode, string? description)
    {
        var connection = OpenConnection();
        try
        {
            Materialize(connection, spec, joins.Select(j => j.File).ToList());
            foreach (var join in joins)
            {
                JoinValidator.Apply(connection, Table, RowColumn, join);
            }

            if (recode is { IsEmpty: false })
            {
                RecodeSql.Apply(connection, Table, ReadSchema(connection, spec), recode, spec);
            }

            var schema = ReadSchema(connection, spec);
            description ??= joins.Count == 0 ? spec : $"{spec} (joined with {string.Join(", ", joins.Select(j => j.File))})";
            var query = spec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase);
            var reopenable = query ? spec : Path.GetFullPath(spec);
            return new DuckDbTableSource(connection, description, reopenable, schema);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Opens an empty in-memory database on the thread pool (<see cref="TableSources.WarmUp"/>) for the next <see cref="Open(string, IReadOnlyList{JoinSpec}, RecodeRules?)"/>.</summary>
    internal static void WarmUp()
    {
        if (Volatile.Read(ref _warm) is not null)
        {
            return;
        }

        var opening = Task.Run(() =>
        {
            try
            {
                return NewDatabase();
            }
            catch (Exception e) when (e is DuckDBException or DllNotFoundException or BadImageFormatException or TypeInitializationException)
            {
                // The source's own open reports what is wrong.
                return null;
            }
        });
        if (Interlocked.CompareExchange(ref _warm, opening, null) is not null)
        {
            // Another thread warmed up first (commands run side by side in one process): this database is not needed.
            opening.ContinueWith(t => t.Result?.Dispose(), TaskScheduler.Default);
        }
    }

    /// <summary>
    /// A new, empty in-memory database: the one <see cref="WarmUp"/> opened, the first time (waiting for it if need be:
    /// starting a second database beside it would double the engine's start-up, ≈ 50 ms CPU), else a fresh one.
    /// </summary>
    private static DuckDBConnection OpenConnection() => Interlocked.Exchange(ref _warm, null)?.GetAwaiter().GetResult() ?? NewDatabase();

    private static DuckDBConnection NewDatabase()
    {
        var connection = new DuckDBConnection("Data Source=:memory:");
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void Materialize(DuckDBConnection connection, string spec, IReadOnlyList<string> joinFiles)
    {
        // Every file the command names may be read (the data, its joins, the files a query names); nothing else.
        var allowed = joinFiles.Where(File.Exists).Select(Path.GetFullPath).ToList();
        var folders = new List<string>();
        string select;
        if (spec.StartsWith("duckdb:", StringComparison.OrdinalIgnoreCase))
        {
            var (file, query) = SourceSpec.SplitQuery(spec, "duckdb");
            if (file.Length > 0)
            {
                if (!File.Exists(file))
                {
                    throw new UserInputException($"DuckDB database '{file}' not found (in {Path.GetFullPath(file)}).");
                }

                Engine.Execute(connection, "SET autoinstall_known_extensions = false", spec);
                Engine.Execute(connection, $"ATTACH {Sql.Literal(Path.GetFullPath(file))} AS userdb (READ_ONLY); USE userdb;", spec);
            }

            var named = ReadOnlyQuery.Check(connection, query, spec);
            allowed.AddRange(named.Paths);
            folders.AddRange(named.Directories);
            select = query;
        }
        else if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var (file, query) = SourceSpec.SplitQuery(spec, "sqlite");
            SqliteImport.Import(connection, file, query, spec);
            select = "SELECT * FROM " + SqliteImport.Table;
        }
        else
        {
            select = "SELECT * FROM " + SourceSpec.ReadFile(spec);
            allowed.Add(Path.GetFullPath(spec));
        }

        EngineLockdown.Apply(connection, allowed, folders);

        // The row number records source order, so loads, messages ("row 17") and chunks follow the file.
        try
        {
            Engine.Execute(
                connection,
                $"CREATE TABLE memory.main.{Table} AS SELECT row_number() OVER () AS {RowColumn}, * FROM (\n{select.TrimEnd(';', ' ', '\n', '\r', '\t')}\n) AS q; USE memory;",
                spec);
        }
        catch (UserInputException) when (IsDelimited(spec) && CsvDiagnosis.RaggedLine(spec, spec.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) ? '\t' : ',') is { } problem)
        {
            throw new UserInputException($"Cannot read {spec}: {problem}. Every row needs one value per column (empty for missing).");
        }
    }

    private static bool IsDelimited(string spec) =>
        File.Exists(spec) && Path.GetExtension(spec).ToLowerInvariant() is ".csv" or ".txt" or ".tsv";

    private static List<ColumnSchema> ReadSchema(DuckDBConnection connection, string spec)
    {
        var schema = new List<ColumnSchema>();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '{Table}' ORDER BY ordinal_position";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(0);
            if (name == RowColumn)
            {
                continue;
            }

            schema.Add(new ColumnSchema(name, ColumnTypes.KindOf(reader.GetString(1))));
        }

        if (schema.Count == 0)
        {
            throw new UserInputException($"'{spec}' has no columns.");
        }

        return schema;
    }

    public LoadResult Load(IReadOnlyList<string> columns, IReadOnlyList<string> requiredColumns)
    {
        var kinds = Resolve(columns);
        var where = NotMissing(requiredColumns.Union(columns));
        var sql = $"SELECT {string.Join(", ", columns.Select((c, i) => ColumnTypes.Cast(c, kinds[i])))} FROM {Table} {where} ORDER BY {RowColumn}";
        var table = Engine.ReadTable(_connection, sql, columns, kinds, rowsPerCellColumn: false, Description);
        return new LoadResult(table, RowCount - table.RowCount);
    }

    public LoadResult LoadAggregated(IReadOnlyList<string> keys, IReadOnlyList<AggregateSum> sums, IReadOnlyList<string> requiredColumns)
    {
        var kinds = Resolve(keys);
        var where = NotMissing(requiredColumns.Union(keys));
        var select = new StringBuilder();
        select.Append(string.Join(", ", keys.Select((k, i) => ColumnTypes.Cast(k, kinds[i]))));
        foreach (var sum in sums)
        {
            select.Append(select.Length > 0 ? ", " : string.Empty);
            select.Append($"CAST(SUM({sum.SqlExpression}) AS DOUBLE) AS {Sql.Identifier(sum.Name)}");
        }

        select.Append(select.Length > 0 ? ", " : string.Empty).Append("CAST(COUNT(*) AS DOUBLE)");
        var groupBy = keys.Count == 0 ? string.Empty : $"GROUP BY {string.Join(", ", keys.Select(Sql.Identifier))} ORDER BY {string.Join(", ", keys.Select(Sql.Identifier))}";
        var sql = $"SELECT {select} FROM {Table} {where} {groupBy}";
        var names = keys.Concat(sums.Select(s => s.Name)).ToList();
        var allKinds = kinds.Concat(sums.Select(_ => ColumnKind.Numeric)).ToList();
        var table = Engine.ReadTable(_connection, sql, names, allKinds, rowsPerCellColumn: true, Description);
        var kept = table.RowsPerCell!.Sum();
        return new LoadResult(table, RowCount - (long)kept);
    }

    public long? FirstRowWhere(string sqlPredicate, IReadOnlyList<string> requiredColumns)
    {
        Resolve(requiredColumns);
        var where = NotMissing(requiredColumns);
        var condition = where.Length == 0 ? $"WHERE ({sqlPredicate})" : $"{where} AND ({sqlPredicate})";
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT MIN({RowColumn}) FROM {Table} {condition}";
        var value = Engine.Scalar(command, Description);
        return value is null or DBNull ? null : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    public double[] EvaluatePerRow(string sqlExpression, IReadOnlyList<string> requiredColumns)
    {
        Resolve(requiredColumns);
        var sql = $"SELECT CAST(({sqlExpression}) AS DOUBLE) AS v FROM {Table} {NotMissing(requiredColumns)} ORDER BY {RowColumn}";
        var table = Engine.ReadTable(_connection, sql, ["v"], [ColumnKind.Numeric], rowsPerCellColumn: false, Description);
        return ((NumericColumn)table["v"]).Values;
    }

    public IEnumerable<LoadResult> ReadChunks(IReadOnlyList<string> columns, int chunkRows)
    {
        var kinds = Resolve(columns);
        var where = NotMissing(columns);
        var dropped = RowCount - CountRows(where);
        var sql = $"SELECT {string.Join(", ", columns.Select((c, i) => ColumnTypes.Cast(c, kinds[i])))} FROM {Table} {where} ORDER BY {RowColumn}";
        var first = true;
        foreach (var chunk in Engine.ReadChunks(_connection, sql, columns, kinds, chunkRows, Description))
        {
            yield return new LoadResult(chunk, first ? dropped : 0);
            first = false;
        }
    }

    public long CountRows(IReadOnlyList<string> requiredColumns)
    {
        Resolve(requiredColumns);
        return CountRows(NotMissing(requiredColumns));
    }

    private long RowCount => _rowCount ??= Count(string.Empty);

    private long CountRows(string where) => where.Length == 0 ? RowCount : Count(where);

    private long Count(string where)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {Table} {where}";
        return Convert.ToInt64(Engine.Scalar(command, Description), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string NotMissing(IEnumerable<string> columns)
    {
        var list = columns.Distinct(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", list.Select(c => $"{Sql.Identifier(c)} IS NOT NULL"));
    }

    private ColumnKind[] Resolve(IEnumerable<string> columns)
    {
        var byName = Schema.ToDictionary(c => c.Name, c => c.Kind, StringComparer.Ordinal);
        return columns.Select(c => byName.TryGetValue(c, out var kind)
            ? kind
            : throw new UserInputException(
                $"{Description} has no column '{c}'.{(SourceSpec.Closest(c, byName.Keys) is { } hint ? $" Did you mean '{hint}'?" : string.Empty)} " +
                $"Columns: {string.Join(", ", Schema.Select(s => s.Name))}.")).ToArray();
    }

    public void Dispose() => _connection.Dispose();
}
