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
/// row's prediction does not depend on which chunk it falls in. Rows sharing the leading factors (the intercept, a
/// state-level predictor and the state's effect, say) start from one block table of those factors' product, built
/// by the same left-to-right multiplications, so the bits do not depend on how long that shared prefix is.
/// </summary>
internal sealed class ProductPlan
{
    /// <summary>Columns with more distinct values than this in a chunk are exponentiated per row instead.</summary>
    private const int MaxTabulatedValues = 256;

    private const double ExponentBound = 700;

    /// <summary>At most this many distinct leading-factor products per block (each a block of draws, ≈ 2 KB).</summary>
    private const int MaxPrefixProducts = 128;

    private readonly double _sign;
    private readonly int _stride;
    private readonly double[] _beta;
    private readonly double[][] _columns;
    private readonly double[]?[] _values;
    private readonly int[]?[] _valueIndex;
    private readonly double[][] _effects;
    private readonly int[][] _levels;
    private readonly bool[] _eligible;
    private readonly Prefix _prefix;

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
        _prefix = Prefix.Find(this);
    }

    /// <summary>
    /// Factors in product order: fixed-effect columns, then group terms. A tabulated column's factor index is the
    /// row's value index (a zero x is skipped, as in <see cref="Mean"/>), a term's is the row's level.
    /// </summary>
    private int FactorCount => _columns.Length + _levels.Length;

    /// <summary>How many distinct indices factor <paramref name="factor"/> has (null for a column computed per row).</summary>
    private int? Radix(int factor) => factor < _columns.Length
        ? _values[factor]?.Length
        : _effects[factor - _columns.Length].Length / _stride;

    private int Index(int factor, int row) => factor < _columns.Length
        ? _valueIndex[factor]![row]
        : _levels[factor - _columns.Length][row];

    /// <summary>
    /// The longest run of leading factors whose distinct combinations among the covered rows are few (at most
    /// <see cref="MaxPrefixProducts"/> and an eighth of the rows): <see cref="Ids"/> per row, one row per id.
    /// </summary>
    private sealed record Prefix(int Length, int[] Ids, int[] Rows)
    {
        public static Prefix Find(ProductPlan plan)
        {
            var rows = plan._eligible.Length;
            var keys = new long[rows];
            var best = new Prefix(0, [], []);
            var combinations = 1.0;
            for (var f = 0; f < plan.FactorCount && plan.Radix(f) is { } radix; f++)
            {
                combinations *= radix;
                var ids = new Dictionary<long, int>();
                var representatives = new List<int>();
                var assigned = new int[rows];
                for (var i = 0; i < rows && ids.Count <= MaxPrefixProducts && combinations < 1e18; i++)
                {
                    if (!plan._eligible[i])
                    {
                        continue;
                    }

                    keys[i] = keys[i] * radix + plan.Index(f, i);
                    if (!ids.TryGetValue(keys[i], out assigned[i]))
                    {
                        assigned[i] = ids[keys[i]] = ids.Count;
                        representatives.Add(i);
                    }
                }

                if (ids.Count > MaxPrefixProducts || ids.Count > rows / 8 || combinations >= 1e18)
                {
                    break;
                }

                best = new Prefix(f + 1, assigned, [.. representatives]);
            }

            return best;
        }
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
            // Without new levels the run's tables serve as they are (a copy would be megabytes per chunk).
            if (newLevelTables[k].Length == 0)
            {
                (effects[k], bounds[k]) = (factors.Effects[k], factors.EffectBounds[k]);
                continue;
            }

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
    public sealed record BlockFactors(double[]?[] Tables, double[] Scratch)
    {
        /// <summary>Per prefix id, the product of the leading factors for the block (<c>[id·length + v]</c>).</summary>
        public double[] Prefixes { get; init; } = [];

        /// <summary>The factors left after the prefix, for the row being predicted (reused: a block belongs to one thread).</summary>
        public (double[] Array, int Offset)[] Remaining { get; init; } = [];
    }

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

        var block = new BlockFactors(tables, new double[_columns.Length * length])
        {
            Prefixes = new double[_prefix.Rows.Length * length],
            Remaining = new (double[], int)[FactorCount],
        };
        for (var id = 0; id < _prefix.Rows.Length; id++)
        {
            var product = block.Prefixes.AsSpan(id * length, length);
            Factors(_prefix.Rows[id], first, length, block, 0, _prefix.Length, out var count);
            MultiplyAll<Unchanged>(MemoryMarshal.Cast<double, Vector<double>>(product), block.Remaining.AsSpan(0, count), fill: true);
        }

        return block;
    }

    /// <summary>
    /// The mean of a row for draws first … (the length of <paramref name="output"/>) from exp(σ·η): 1 / (1 + exp(−η))
    /// for the logit link, exp(η) itself for the log link, applied in the last pass over the products.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Mean(int row, int first, Span<double> output, BlockFactors block)
    {
        var q = MemoryMarshal.Cast<double, Vector<double>>(output);
        var from = 0;
        if (_prefix.Length > 0)
        {
            block.Prefixes.AsSpan(_prefix.Ids[row] * output.Length, output.Length).CopyTo(output);
            from = _prefix.Length;
        }

        Factors(row, first, output.Length, block, from, FactorCount, out var count);
        var factors = block.Remaining.AsSpan(0, count);
        if (_sign < 0)
        {
            MultiplyAll<Logistic>(q, factors, fill: from == 0);
        }
        else
        {
            MultiplyAll<Unchanged>(q, factors, fill: from == 0);
        }
    }

    /// <summary>
    /// Lists into <see cref="BlockFactors.Remaining"/> the factors <paramref name="from"/> … <paramref name="to"/> − 1
    /// of a row (a column computed per row goes to its own part of the scratch); a zero x adds no factor.
    /// </summary>
    private void Factors(int row, int first, int length, BlockFactors block, int from, int to, out int count)
    {
        count = 0;
        for (var f = from; f < to; f++)
        {
            if (f >= _columns.Length)
            {
                var k = f - _columns.Length;
                block.Remaining[count++] = (_effects[k], _levels[k][row] * _stride + first);
                continue;
            }

            var x = _columns[f][row];
            if (x == 0)
            {
                continue;
            }

            if (block.Tables[f] is { } table)
            {
                block.Remaining[count++] = (table, _valueIndex[f]![row] * length);
            }
            else
            {
                ExpScaled(x, _beta.AsSpan(f * _stride + first, length), block.Scratch.AsSpan(f * length, length));
                block.Remaining[count++] = (block.Scratch, f * length);
            }
        }
    }

    /// <summary>What the last pass applies to each product.</summary>
    private interface IFinish
    {
        static abstract Vector<double> Apply(Vector<double> product);
    }

    private readonly struct Unchanged : IFinish
    {
        public static Vector<double> Apply(Vector<double> product) => product;
    }

    /// <summary>p = 1 / (1 + exp(−η)) from the product exp(−η).</summary>
    private readonly struct Logistic : IFinish
    {
        public static Vector<double> Apply(Vector<double> product) => Vector<double>.One / (Vector<double>.One + product);
    }

    /// <summary>
    /// q ← finish(q·f₁·f₂·…), multiplied left to right (from 1 when <paramref name="fill"/>), up to three factors per
    /// pass over q: the same products as one pass per factor, with fewer loads and stores of q.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MultiplyAll<TFinish>(Span<Vector<double>> q, ReadOnlySpan<(double[] Array, int Offset)> factors, bool fill)
        where TFinish : struct, IFinish
    {
        var length = q.Length * Vector<double>.Count;
        var f = 0;
        if (fill)
        {
            // 1·f is f exactly: the first factor is copied.
            if (factors.Length == 0)
            {
                q.Fill(TFinish.Apply(Vector<double>.One));
                return;
            }

            Vectors(factors[0], length).CopyTo(q);
            f = 1;
        }

        if (f == factors.Length)
        {
            for (var v = 0; v < q.Length; v++)
            {
                q[v] = TFinish.Apply(q[v]);
            }

            return;
        }

        for (; f + 3 < factors.Length; f += 3)
        {
            var a = Vectors(factors[f], length);
            var b = Vectors(factors[f + 1], length);
            var c = Vectors(factors[f + 2], length);
            for (var v = 0; v < q.Length && v < a.Length && v < b.Length && v < c.Length; v++)
            {
                q[v] = q[v] * a[v] * b[v] * c[v];
            }
        }

        // The last pass: one to three factors, then the finish.
        var x = Vectors(factors[f], length);
        var y = f + 1 < factors.Length ? Vectors(factors[f + 1], length) : default;
        var z = f + 2 < factors.Length ? Vectors(factors[f + 2], length) : default;
        switch (factors.Length - f)
        {
            case 1:
                for (var v = 0; v < q.Length && v < x.Length; v++)
                {
                    q[v] = TFinish.Apply(q[v] * x[v]);
                }

                break;
            case 2:
                for (var v = 0; v < q.Length && v < x.Length && v < y.Length; v++)
                {
                    q[v] = TFinish.Apply(q[v] * x[v] * y[v]);
                }

                break;
            default:
                for (var v = 0; v < q.Length && v < x.Length && v < y.Length && v < z.Length; v++)
                {
                    q[v] = TFinish.Apply(q[v] * x[v] * y[v] * z[v]);
                }

                break;
        }
    }

    private static ReadOnlySpan<Vector<double>> Vectors((double[] Array, int Offset) factor, int length) =>
        MemoryMarshal.Cast<double, Vector<double>>(factor.Array.AsSpan(factor.Offset, length));

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
