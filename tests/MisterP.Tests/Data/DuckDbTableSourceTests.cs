using MisterP.Data;
using Xunit;

namespace MisterP.Tests.Data;

public class DuckDbTableSourceTests
{
    private const string Survey = "y,state,male,age\n1,CA,0.5,30\n0,CA,-0.5,NA\n1,TX,0.5,40\n1,TX,0.5,40\n0,NY,,50\n";

    [Fact]
    public void CsvTypesAndMissingValues()
    {
        using var temp = new TempFolder();
        using var source = TableSources.Open(temp.File("s.csv", Survey));
        Assert.Equal(
            [new ColumnSchema("y", ColumnKind.Numeric), new ColumnSchema("state", ColumnKind.Text), new ColumnSchema("male", ColumnKind.Numeric), new ColumnSchema("age", ColumnKind.Numeric)],
            source.Schema);
        var load = source.Load(["state", "age"], ["state", "age", "male"]);
        Assert.Equal(2, load.RowsDropped);
        Assert.Equal(["CA", "TX", "TX"], ((TextColumn)load.Table["state"]).Values);
        Assert.Equal([30.0, 40, 40], ((NumericColumn)load.Table["age"]).Values);
    }

    [Fact]
    public void AggregatesInTheEngineOrderedByKeys()
    {
        using var temp = new TempFolder();
        using var source = TableSources.Open(temp.File("s.csv", Survey));
        var result = source.LoadAggregated(["state", "male"], [new AggregateSum("k", "\"y\"")], ["y", "state", "male"]);
        Assert.Equal(1, result.RowsDropped);
        Assert.Equal(["CA", "CA", "TX"], ((TextColumn)result.Table["state"]).Values);
        Assert.Equal([-0.5, 0.5, 0.5], ((NumericColumn)result.Table["male"]).Values);
        Assert.Equal([0.0, 1, 2], ((NumericColumn)result.Table["k"]).Values);
        Assert.Equal([1.0, 1, 2], result.Table.RowsPerCell!);
    }

    [Fact]
    public void FirstRowWhereGivesTheSourceRow()
    {
        using var temp = new TempFolder();
        using var source = TableSources.Open(temp.File("s.csv", Survey));
        Assert.Equal(3, source.FirstRowWhere("\"state\" = 'TX'", ["state"]));
        Assert.Null(source.FirstRowWhere("\"y\" > 1", ["y"]));
    }

    [Fact]
    public void ChunksCoverAllRowsInOrder()
    {
        using var temp = new TempFolder();
        var lines = string.Join("\n", Enumerable.Range(1, 2500).Select(i => $"{i},{(i % 7 == 0 ? "NA" : "a")}"));
        using var source = TableSources.Open(temp.File("big.csv", "x,g\n" + lines + "\n"));
        var chunks = source.ReadChunks(["x", "g"], 1000).ToList();
        Assert.Equal([1000, 1000, 143], chunks.Select(c => c.Table.RowCount));
        Assert.Equal(357, chunks.Sum(c => c.RowsDropped));
        var xs = chunks.SelectMany(c => ((NumericColumn)c.Table["x"]).Values).ToArray();
        Assert.Equal(Enumerable.Range(1, 2500).Where(i => i % 7 != 0).Select(i => (double)i), xs);
    }

    [Fact]
    public void InMemoryQueryJoinsFiles()
    {
        using var temp = new TempFolder();
        var s = temp.File("s.csv", Survey);
        var p = temp.File("p.csv", "state,vote\nCA,0.3\nTX,0.6\nNY,0.35\n");
        using var source = TableSources.Open($"duckdb:?query=SELECT s.y, s.state, p.vote FROM read_csv('{s}') s JOIN read_csv('{p}') p USING (state)");
        var load = source.Load(["vote"], ["vote"]);
        Assert.Equal(5, load.Table.RowCount);
    }

    [Fact]
    public void JoinAddsGroupLevelPredictors()
    {
        using var temp = new TempFolder();
        using var source = TableSources.Open(temp.File("s.csv", Survey), [new JoinSpec(temp.File("p.csv", "state,vote\nCA,0.3\nTX,0.6\nNY,0.35\n"), ["state"])]);
        var load = source.Load(["state", "vote"], ["state", "vote"]);
        Assert.Equal([0.3, 0.3, 0.6, 0.6, 0.35], ((NumericColumn)load.Table["vote"]).Values);
    }

    [Fact]
    public void JoinErrorsAreSpecific()
    {
        using var temp = new TempFolder();
        var data = temp.File("s.csv", Survey);
        var missingKey = Assert.Throws<UserInputException>(() => TableSources.Open(data, [new JoinSpec(temp.File("a.csv", "state,vote\nCA,0.3\nTX,0.6\n"), ["state"])]));
        Assert.Contains("state = 'NY'", missingKey.Message);
        var duplicate = Assert.Throws<UserInputException>(() => TableSources.Open(data, [new JoinSpec(temp.File("b.csv", "state,vote\nCA,0.3\nCA,0.4\nTX,0.6\nNY,1\n"), ["state"])]));
        Assert.Contains("several rows", duplicate.Message);
        var noColumn = Assert.Throws<UserInputException>(() => TableSources.Open(data, [new JoinSpec(temp.File("c.csv", "st,vote\nCA,0.3\n"), ["state"])]));
        Assert.Contains("has no column 'state'", noColumn.Message);
    }

    [Fact]
    public void MissingFileSuggestsTheClosestName()
    {
        using var temp = new TempFolder();
        temp.File("survey.csv", Survey);
        var e = Assert.Throws<UserInputException>(() => TableSources.Open(Path.Combine(temp.Path, "survy.csv")));
        Assert.Contains("Did you mean 'survey.csv'", e.Message);
    }

    [Fact]
    public void UnknownColumnSuggestsTheClosestName()
    {
        using var temp = new TempFolder();
        using var source = TableSources.Open(temp.File("s.csv", Survey));
        var e = Assert.Throws<UserInputException>(() => source.Load(["stat"], ["stat"]));
        Assert.Contains("Did you mean 'state'", e.Message);
    }

    [Fact]
    public void ParquetRoundTrip()
    {
        using var temp = new TempFolder();
        var csv = temp.File("s.csv", Survey);
        var parquet = Path.Combine(temp.Path, "s.parquet");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=:memory:"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"COPY (SELECT * FROM read_csv('{csv}')) TO '{parquet}' (FORMAT parquet)";
            command.ExecuteNonQuery();
        }

        using var source = TableSources.Open(parquet);
        Assert.Equal(5, source.Load(["y"], ["y"]).Table.RowCount);
    }

    [Fact]
    public void SqliteQuery()
    {
        using var temp = new TempFolder();
        var db = Path.Combine(temp.Path, "s.sqlite");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db}"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE survey (y INTEGER, state TEXT); INSERT INTO survey VALUES (1, 'CA'), (0, 'CA'), (1, 'TX'), (NULL, 'TX'), (0, 'NY');";
            command.ExecuteNonQuery();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        using var source = TableSources.Open($"sqlite:{db}?query=SELECT y, state FROM survey WHERE state <> 'NY'");
        var load = source.Load(["y", "state"], ["y"]);
        Assert.Equal(3, load.Table.RowCount);
        Assert.Equal(1, load.RowsDropped);
        Assert.Equal(ColumnKind.Numeric, source.Schema[0].Kind);
    }

    [Fact]
    public void SharedSampleJoinsStatePredictors()
    {
        var sample = SharedData.RequireFile("data/cces2018/sample_random5000_seed1010.csv");
        var states = SharedData.RequireFile("data/cces2018/statelevel_predictors.csv");
        using var source = TableSources.Open(sample, [new JoinSpec(states, ["state"])]);
        var load = source.Load(["abortion", "state", "repvote"], ["abortion", "state", "repvote"]);
        Assert.Equal(5000, load.Table.RowCount + load.RowsDropped);
    }
}
