namespace MisterP.Models.Structured;

/// <summary>
/// A symmetric sparse matrix in compressed rows (diagonal included): the precision of an intrinsic GMRF. Products
/// and quadratic forms cost O(non-zeros), i.e. O(levels + edges) for ICAR and the random walks.
/// </summary>
internal sealed class SparsePrecision
{
    public SparsePrecision(int size, int[] rowStart, int[] columns, double[] values)
    {
        Size = size;
        RowStart = rowStart;
        Columns = columns;
        Values = values;
    }

    public int Size { get; }

    public int[] RowStart { get; }

    public int[] Columns { get; }

    public double[] Values { get; }

    /// <summary>From (row, column, value) triples, duplicates summed; both triangles must be given.</summary>
    public static SparsePrecision FromTriples(int size, IEnumerable<(int Row, int Column, double Value)> triples)
    {
        var rows = triples.GroupBy(t => t.Row).ToDictionary(g => g.Key, g => g.GroupBy(t => t.Column).Select(c => (Column: c.Key, Value: c.Sum(t => t.Value))).OrderBy(c => c.Column).ToArray());
        var rowStart = new int[size + 1];
        var columns = new List<int>();
        var values = new List<double>();
        for (var i = 0; i < size; i++)
        {
            if (rows.TryGetValue(i, out var entries))
            {
                foreach (var (column, value) in entries)
                {
                    columns.Add(column);
                    values.Add(value);
                }
            }

            rowStart[i + 1] = columns.Count;
        }

        return new SparsePrecision(size, rowStart, columns.ToArray(), values.ToArray());
    }

    /// <summary>y = Q·x.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < Size; i++)
        {
            var sum = 0.0;
            for (var e = RowStart[i]; e < RowStart[i + 1]; e++)
            {
                sum += Values[e] * x[Columns[e]];
            }

            y[i] = sum;
        }
    }

    /// <summary>xᵀQx.</summary>
    public double QuadraticForm(ReadOnlySpan<double> x)
    {
        var total = 0.0;
        for (var i = 0; i < Size; i++)
        {
            var sum = 0.0;
            for (var e = RowStart[i]; e < RowStart[i + 1]; e++)
            {
                sum += Values[e] * x[Columns[e]];
            }

            total += x[i] * sum;
        }

        return total;
    }

    /// <summary>Multiplies row and column i by √factor[i]·√factor[j]; used with one factor per connected component.</summary>
    public void ScaleWithin(double[] nodeFactor)
    {
        for (var i = 0; i < Size; i++)
        {
            for (var e = RowStart[i]; e < RowStart[i + 1]; e++)
            {
                Values[e] *= Math.Sqrt(nodeFactor[i] * nodeFactor[Columns[e]]);
            }
        }
    }

    /// <summary>Dense row-major copy of the rows and columns in <paramref name="nodes"/> (scaling and tests only).</summary>
    public double[] Dense(IReadOnlyList<int> nodes)
    {
        var position = new Dictionary<int, int>();
        for (var k = 0; k < nodes.Count; k++)
        {
            position[nodes[k]] = k;
        }

        var m = nodes.Count;
        var dense = new double[m * m];
        for (var k = 0; k < m; k++)
        {
            var i = nodes[k];
            for (var e = RowStart[i]; e < RowStart[i + 1]; e++)
            {
                if (position.TryGetValue(Columns[e], out var c))
                {
                    dense[k * m + c] = Values[e];
                }
            }
        }

        return dense;
    }
}
