using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;
using Xunit;

namespace MisterP.Tests.Design;

/// <summary>The fixed-effect matrix equals R's model.matrix (fixtures from bench/fixtures/model_matrix.R).</summary>
public class ModelMatrixTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "design", name);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadAllLines(Fixture("index.csv")).Skip(1))
        {
            var comma = line.IndexOf(',');
            data.Add(line[..comma].Trim('"'), line[(comma + 1)..].Trim('"'));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesRModelMatrix(string file, string formula)
    {
        using var source = TableSources.Open(Fixture("data.csv"));
        var result = DesignBuilder.Build(FormulaParser.Parse(formula), source, new DesignOptions { Aggregate = false });
        using var expected = TableSources.Open(Fixture(file));
        var names = expected.Schema.Select(c => c.Name).ToList();
        Assert.Equal(names, result.Design.FixedEffects.Names);
        var table = expected.Load(names, names).Table;
        var x = result.Design.FixedEffects.X;
        Assert.Equal(table.RowCount, result.Design.CellCount);
        for (var j = 0; j < names.Count; j++)
        {
            var column = ((NumericColumn)table[names[j]]).Values;
            for (var i = 0; i < column.Length; i++)
            {
                Assert.True(Math.Abs(column[i] - x[i * names.Count + j]) <= 1e-12 * Math.Max(1, Math.Abs(column[i])),
                    $"{file} {names[j]} row {i + 1}: R {column[i]} vs {x[i * names.Count + j]}");
            }
        }
    }
}
