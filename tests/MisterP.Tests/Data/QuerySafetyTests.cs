using MisterP.Data;
using MisterP.Tests.Cli;
using Xunit;

namespace MisterP.Tests.Data;

/// <summary>Issue 12 item 4: a data spec runs exactly one read-only SELECT, over the files it names, and nothing else.</summary>
public class QuerySafetyTests
{
    private const string Survey = "y,state\n1,CA\n0,CA\n1,TX\n0,NY\n";

    [Fact]
    public void BreakingOutOfTheWrapperWritesNothingAndExitsTwo()
    {
        using var temp = new TempFolder();
        var pwned = Path.Combine(temp.Path, "PWNED.txt");
        var spec = $"duckdb:?query=SELECT 1 AS y) AS q; COPY (SELECT 'x') TO '{pwned}'; SELECT * FROM (SELECT 1 AS y";
        var (exit, _, error) = CliRunner.Run("fit", spec, "--formula", "y ~ 1", "--method", "ml", "--out", Path.Combine(temp.Path, "fit"));
        Assert.Equal(2, exit);
        Assert.False(File.Exists(pwned));
        Assert.Contains("statement", error);
    }

    [Theory]
    [InlineData("SELECT 1 AS y; SELECT 2 AS y", "2 statements")]
    [InlineData("COPY (SELECT 'x') TO 'PWNED.txt'", "other than SELECT")]
    [InlineData("ATTACH 'x.duckdb' AS x", "other than SELECT")]
    [InlineData("INSTALL httpfs", "other than SELECT")]
    [InlineData("LOAD httpfs", "other than SELECT")]
    [InlineData("SET enable_external_access = true", "other than SELECT")]
    [InlineData("PRAGMA version", "other than SELECT")]
    [InlineData("CREATE TABLE t AS SELECT 1 AS y", "other than SELECT")]
    [InlineData("EXPORT DATABASE 'out'", "other than SELECT")]
    [InlineData("CALL pragma_version()", "other than SELECT")]
    [InlineData("DETACH x", "other than SELECT")]
    [InlineData("INSERT INTO t VALUES (1)", "other than SELECT")]
    [InlineData("UPDATE t SET y = 1", "other than SELECT")]
    [InlineData("DELETE FROM t", "other than SELECT")]
    [InlineData("DROP TABLE t", "other than SELECT")]
    [InlineData("IMPORT DATABASE 'in'", "other than SELECT")]
    [InlineData("SELECT 1 AS y; COPY (SELECT 1) TO 'PWNED.txt'", "other than SELECT")]
    public void OnlyOneSelectStatementRuns(string query, string reason)
    {
        var e = Assert.Throws<UserInputException>(() => TableSources.Open("duckdb:?query=" + query));
        Assert.Contains(reason, e.Message);
    }

    [Theory]
    [InlineData("VALUES (1, 'CA'), (0, 'TX')")]
    [InlineData("WITH t AS (SELECT 1 AS y) SELECT * FROM t")]
    [InlineData("FROM (SELECT 1 AS y) -- a trailing comment")]
    [InlineData("SELECT 1 AS y;")]
    [InlineData("SELECT * EXCLUDE (b) FROM (SELECT 1 AS y, 2 AS b) UNION ALL SELECT 3 ORDER BY ALL LIMIT 5")]
    [InlineData("SELECT y, row_number() OVER (ORDER BY y) AS r FROM (VALUES (1), (2)) t(y) QUALIFY r = 1")]
    [InlineData("SELECT COLUMNS('y.*') FROM (SELECT 1 AS y1, 2 AS y2)")]
    [InlineData("SELECT * FROM (SELECT 'a' AS g, 1 AS v) PIVOT (sum(v) FOR g IN ('a', 'b'))")]
    public void ReadOnlyQueriesRun(string query)
    {
        using var source = TableSources.Open("duckdb:?query=" + query);
        Assert.NotEmpty(source.Schema);
    }

    [Fact]
    public void AQueryReadsTheFilesItNamesAndNoOthers()
    {
        using var temp = new TempFolder();
        var survey = temp.File("s.csv", Survey);
        temp.File("secret.csv", "token\nabc\n");
        using (var source = TableSources.Open($"duckdb:?query=FROM '{survey}' WHERE state <> 'NY'"))
        {
            Assert.Equal(3, source.CountRows([]));
        }

        using (var glob = TableSources.Open($"duckdb:?query=SELECT * FROM read_csv('{Path.Combine(temp.Path, "s*.csv")}', union_by_name = true)"))
        {
            Assert.NotEmpty(glob.Schema);
        }

        // A path built at run time is not named by the query, so the engine refuses to open it.
        var built = $"duckdb:?query=SELECT * FROM read_csv('{temp.Path}/' || 'secret.csv')";
        var e = Assert.Throws<UserInputException>(() => TableSources.Open(built));
        Assert.Contains("disabled by configuration", e.Message);
    }

    [Fact]
    public void ADatabaseQueryCannotReadOtherFiles()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "s.duckdb");
        var secret = temp.File("secret.csv", "token\nabc\n");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE survey AS SELECT 1 AS y, 'CA' AS state; CREATE TABLE paths AS SELECT " + Sql.Literal(secret) + " AS p;";
            command.ExecuteNonQuery();
        }

        using (var source = TableSources.Open($"duckdb:{db}?query=SELECT * FROM survey"))
        {
            Assert.Equal(1, source.CountRows([]));
        }

        var e = Assert.Throws<UserInputException>(() => TableSources.Open($"duckdb:{db}?query=SELECT * FROM read_csv((SELECT p FROM paths))"));
        Assert.DoesNotContain("abc", e.Message);
    }

    [Fact]
    public void ConfigurationIsLockedAfterOpening()
    {
        using var temp = new TempFolder();
        using var source = TableSources.Open(temp.File("s.csv", Survey));
        // A predicate is user-reachable SQL (validation, --select): it can neither read other files nor unlock the engine.
        var e = Assert.Throws<UserInputException>(() => source.FirstRowWhere($"(SELECT count(*) FROM read_csv({Sql.Literal(temp.File("t.csv", "a\n1\n"))})) > 0", []));
        Assert.Contains("disabled by configuration", e.Message);
    }

    [Theory]
    [InlineData("SELECT 1 AS y; ATTACH 'x.db' AS x", "more than one statement")]
    [InlineData("ATTACH 'x.db' AS x", "ATTACH")]
    [InlineData("PRAGMA table_info(survey)", "PRAGMA")]
    [InlineData("DELETE FROM survey", "DELETE")]
    public void SqliteRunsOneReadOnlySelect(string query, string reason)
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "s.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE survey (y INTEGER, state TEXT); INSERT INTO survey VALUES (1, 'CA');";
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var e = Assert.Throws<UserInputException>(() => TableSources.Open($"sqlite:{db}?query={query}"));
        Assert.Contains(reason, e.Message);
        Assert.False(File.Exists(Path.Combine(temp.Path, "x.db")));
        using var ok = TableSources.Open($"sqlite:{db}?query=WITH t AS (SELECT * FROM survey) SELECT * FROM t; -- done");
        Assert.Equal(1, ok.CountRows([]));
    }

    [Theory]
    [InlineData("1) AS v FROM read_csv('/etc/passwd'")]
    [InlineData("1); COPY (SELECT 1) TO 'PWNED.txt'; SELECT (1")]
    [InlineData("1 WHERE false")]
    public void SimulateSelectStaysOneExpression(string select)
    {
        using var temp = new TempFolder();
        var frame = temp.File("frame.csv", "state,n\nCA,10\nTX,20\n");
        var (exit, _, error) = CliRunner.Run("simulate", "--frame", frame, "--select", select, "--size", "5", "--out", Path.Combine(temp.Path, "s.csv"));
        Assert.Equal(2, exit);
        Assert.Contains("--select", error);
        Assert.False(File.Exists(Path.Combine(temp.Path, "s.csv")));
        Assert.False(File.Exists("PWNED.txt"));
    }
}
