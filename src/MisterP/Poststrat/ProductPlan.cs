using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace MisterP.Poststrat;

/// <summary>
/// The logit and log links with varying intercepts only (the usual MRP model): exp(σ·η) of a cell is
/// Π_j exp(σ·x_j·β_j) · Π_k exp(σ·u_k[level]), so instead of one exp per cell and draw it takes table products — the
/// effects' exps once per run (<see cref="ExpFactors"/>), each fixed-effect column's exps once per distinct value
/// and block of draws. A row uses this path only when Σ|x_j|·max|β_j| + Σ_k max|u_k| ≤ 700, so no partial product
/// can overflow or underflow; the result then differs from exp of the sum by a few ulp. Every choice here depends
/// on the row's own data and the draws alone (a column computed on the fly gives the same bits as its table), so a
/// row's prediction does not depend on which chunk it falls in.
/// </summary>
internal sealed class ProductPlan
{
    /// <summary>Columns with more distinct values than this in a chunk are exponentiated per row instead.</summary>
    private const int MaxTabulatedValues = 256;

    private const double ExponentBound = 700;

    private readonly double _sign;
    private readonly int _stride;
    private readonly double[] _beta;
    private readonly double[][] _columns;
    private readonly double[]?[] _values;
    private readonly int[]?[] _valueIndex;
    private readonly double[][] _effects;
    private readonly int[][] _levels;
    private readonly bool[] _eligible;

    private ProductPlan(double sign, DrawColumns draws, double[][] columns, double[]?[] values, int[]?[] valueIndex, double[][] effects, int[][] levels, bool[] eligible)
    {
        _sign = sign;
        _stride = draws.Stride;
        _beta = draws.Beta;
        _columns = columns;
        _values = values;
        _valueIndex = valueIndex;
        _effects = effects;
        _levels = levels;
        _eligible = eligible;
    }

    /// <param name="factors">The run's effect exps.</param>
    /// <param name="draws">The run's draws.</param>
    /// <param name="columns">The chunk's fixed-effect columns.</param>
    /// <param name="levels">Per term, each row's level (fitted levels first, then this chunk's new ones).</param>
    /// <param name="newLevelTables">Per term, the new levels' effect rows (parameter-major), possibly none.</param>
    public static ProductPlan Create(ExpFactors factors, DrawColumns draws, double[][] columns, int[][] levels, IReadOnlyList<double[]> newLevelTables)
    {
        var rows = columns.Length > 0 ? columns[0].Length : levels.Length > 0 ? levels[0].Length : 0;
        var effects = new double[levels.Length][];
        var bounds = new double[levels.Length][];
        for (var k = 0; k < levels.Length; k++)
        {
            var (fresh, freshBounds) = ExpFactors.Exponentiate(newLevelTables[k], draws.Stride, draws.DrawCount, factors.Sign);
            effects[k] = [.. factors.Effects[k], .. fresh];
            bounds[k] = [.. factors.EffectBounds[k], .. freshBounds];
        }

        var values = new double[]?[columns.Length];
        var valueIndex = new int[]?[columns.Length];
        for (var j = 0; j < columns.Length; j++)
        {
            (values[j], valueIndex[j]) = Tabulate(columns[j]);
        }

        var eligible = new bool[rows];
        for (var i = 0; i < rows; i++)
        {
            var bound = 0.0;
            for (var j = 0; j < columns.Length; j++)
            {
                bound += Math.Abs(columns[j][i]) * factors.BetaBounds[j];
            }

            for (var k = 0; k < levels.Length; k++)
            {
                bound += bounds[k][levels[k][i]];
            }

            eligible[i] = bound <= ExponentBound;
        }

        return new ProductPlan(factors.Sign, draws, columns, values, valueIndex, effects, levels, eligible);
    }

    public bool Covers(int row) => _eligible[row];

    /// <summary>
    /// A block's fixed-effect factors: per tabulated column, exp(σ·x·β_j) of each distinct x for draws first … first +
    /// length (<c>[value·length + v]</c>), and room for a column computed per row.
    /// </summary>
    public sealed record BlockFactors(double[]?[] Tables, double[] Scratch);

    public BlockFactors Prepare(int first, int length)
    {
        var tables = new double[]?[_columns.Length];
        for (var j = 0; j < tables.Length; j++)
        {
            if (_values[j] is not { } values)
            {
                continue;
            }

            var table = tables[j] = new double[values.Length * length];
            for (var d = 0; d < values.Length; d++)
            {
                ExpScaled(values[d], _beta.AsSpan(j * _stride + first, length), table.AsSpan(d * length, length));
            }
        }

        return new BlockFactors(tables, new double[length]);
    }

    /// <summary>exp(σ·η) of a row for draws first … (the length of <paramref name="output"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ExpOfEta(int row, int first, Span<double> output, BlockFactors block)
    {
        var q = MemoryMarshal.Cast<double, Vector<double>>(output);
        q.Fill(Vector<double>.One);
        for (var j = 0; j < _columns.Length; j++)
        {
            var x = _columns[j][row];
            if (x == 0)
            {
                continue;
            }

            ReadOnlySpan<double> factor;
            if (block.Tables[j] is { } table)
            {
                factor = table.AsSpan(_valueIndex[j]![row] * output.Length, output.Length);
            }
            else
            {
                var scratch = block.Scratch.AsSpan(0, output.Length);
                ExpScaled(x, _beta.AsSpan(j * _stride + first, output.Length), scratch);
                factor = scratch;
            }

            Multiply(q, factor);
        }

        for (var k = 0; k < _effects.Length; k++)
        {
            Multiply(q, _effects[k].AsSpan(_levels[k][row] * _stride + first, output.Length));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Multiply(Span<Vector<double>> q, ReadOnlySpan<double> factor)
    {
        var f = MemoryMarshal.Cast<double, Vector<double>>(factor);
        for (var v = 0; v < q.Length && v < f.Length; v++)
        {
            q[v] *= f[v];
        }
    }

    /// <summary>exp(σ·x·β) lane by lane, the same instructions whether tabulated or computed per row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ExpScaled(double x, ReadOnlySpan<double> beta, Span<double> destination)
    {
        var b = MemoryMarshal.Cast<double, Vector<double>>(beta);
        var d = MemoryMarshal.Cast<double, Vector<double>>(destination);
        var scale = _sign * x;
        for (var v = 0; v < d.Length && v < b.Length; v++)
        {
            d[v] = Vector.Exp(b[v] * scale);
        }
    }

    /// <summary>The distinct values of a column and each row's index among them, or nulls when there are too many.</summary>
    private static (double[]? Values, int[]? Index) Tabulate(double[] column)
    {
        var ids = new Dictionary<double, int>();
        var index = new int[column.Length];
        for (var i = 0; i < column.Length; i++)
        {
            if (!ids.TryGetValue(column[i], out var id))
            {
                if (ids.Count == MaxTabulatedValues)
                {
                    return (null, null);
                }

                id = ids[column[i]] = ids.Count;
            }

            index[i] = id;
        }

        var values = new double[ids.Count];
        foreach (var (value, id) in ids)
        {
            values[id] = value;
        }

        return (values, index);
    }
}
