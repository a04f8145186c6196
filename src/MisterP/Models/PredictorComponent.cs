using MisterP.Design;

namespace MisterP.Models;

/// <summary>
/// One additive piece of the linear predictor, Multiplier[i]·θ[Index[i]] for cell i, where θ = (β, u₁, …, u_K) is
/// the flat vector of fixed effects and group effects: a fixed-effect column (one index) or one coefficient of a
/// group term (its level's slot). Every η is a sum of these, so the planner can regroup them freely.
/// </summary>
internal sealed class PredictorComponent(int[] index, double[] multiplier, bool isFixedColumn)
{
    public int[] Index { get; } = index;

    public double[] Multiplier { get; } = multiplier;

    /// <summary>A fixed-effect column: one index for all cells, so it can run as a dense vector operation.</summary>
    public bool IsFixedColumn { get; } = isFixedColumn;

    /// <summary>
    /// The components of a design: centered fixed-effect columns (the intercept as a column of ones), then every
    /// coefficient of every group term; <paramref name="groupOffsets"/> gives where each term's u starts in θ.
    /// </summary>
    public static List<PredictorComponent> FromDesign(ModelDesign design, double[] columnMeans, int[] groupOffsets)
    {
        var cells = design.CellCount;
        var p = design.FixedEffects.ColumnCount;
        var x = design.FixedEffects.X;
        var components = new List<PredictorComponent>();
        for (var j = 0; j < p; j++)
        {
            var column = new double[cells];
            for (var i = 0; i < cells; i++)
            {
                column[i] = x[i * p + j] - columnMeans[j];
            }

            components.Add(new PredictorComponent(Enumerable.Repeat(j, cells).ToArray(), column, isFixedColumn: true));
        }

        for (var k = 0; k < design.GroupTerms.Count; k++)
        {
            var term = design.GroupTerms[k];
            var c = term.CoefficientCount;
            for (var a = 0; a < c; a++)
            {
                var index = new int[cells];
                var multiplier = new double[cells];
                for (var i = 0; i < cells; i++)
                {
                    index[i] = groupOffsets[k] + term.LevelIndex[i] * c + a;
                    multiplier[i] = term.Z[i * c + a];
                }

                components.Add(new PredictorComponent(index, multiplier, isFixedColumn: false));
            }
        }

        return components;
    }

    /// <summary>Numbers the distinct (index, multiplier) pairs over cells: cells with one key get the same contribution.</summary>
    public int[] NaturalKey(out int keyCount)
    {
        var keys = new int[Index.Length];
        var seen = new Dictionary<(int, double), int>();
        for (var i = 0; i < keys.Length; i++)
        {
            var pair = (Index[i], Multiplier[i]);
            if (!seen.TryGetValue(pair, out var key))
            {
                key = seen.Count;
                seen.Add(pair, key);
            }

            keys[i] = key;
        }

        keyCount = seen.Count;
        return keys;
    }
}
