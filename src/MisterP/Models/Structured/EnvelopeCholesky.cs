namespace MisterP.Models.Structured;

/// <summary>
/// Cholesky factor A = LLᵀ of a sparse symmetric positive definite matrix in envelope (profile) storage: row i of L
/// is kept densely from its first nonzero column <c>First[i]</c> to the diagonal, since all fill of the factorization
/// lies inside the envelope of A (George &amp; Liu 1981, ch. 4). With a bandwidth-reducing order
/// (<see cref="FillReducingOrder"/>) the envelope is O(n·w) for envelope width w, and the work O(n·w²) — never the
/// n³ of a dense factor. The same storage holds the selected inverse (<see cref="SelectedInverse"/>).
/// </summary>
internal sealed class EnvelopeCholesky
{
    private EnvelopeCholesky(int size, int[] first, int[] rowStart, double[] values)
    {
        Size = size;
        First = first;
        RowStart = rowStart;
        Values = values;
    }

    public int Size { get; }

    /// <summary>First stored column of each row.</summary>
    public int[] First { get; }

    /// <summary>Entry (i, j), First[i] ≤ j ≤ i, is at <c>Values[RowStart[i] + j − First[i]]</c>.</summary>
    public int[] RowStart { get; }

    /// <summary>L's rows within the envelope.</summary>
    public double[] Values { get; }

    /// <summary>Stored entries: the size of the envelope, a CPU-independent measure of the factor's cost.</summary>
    public long EnvelopeSize => Values.Length;

    /// <summary>log det A = 2·Σ log Lᵢᵢ.</summary>
    public double LogDeterminant
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < Size; i++)
            {
                sum += Math.Log(Diagonal(i));
            }

            return 2 * sum;
        }
    }

    public int Index(int i, int j) => RowStart[i] + j - First[i];

    public double Diagonal(int i) => Values[RowStart[i + 1] - 1];

    /// <summary>
    /// Factors the matrix whose lower triangle row i is given by <paramref name="lowerRow"/> (column, value) pairs,
    /// columns ≤ i; null when it is not positive definite.
    /// </summary>
    public static EnvelopeCholesky? Factor(int size, Func<int, IEnumerable<(int Column, double Value)>> lowerRow)
    {
        var first = new int[size];
        var rowStart = new int[size + 1];
        var rows = new List<(int Column, double Value)>[size];
        for (var i = 0; i < size; i++)
        {
            rows[i] = lowerRow(i).ToList();
            first[i] = rows[i].Count == 0 ? i : Math.Min(i, rows[i].Min(e => e.Column));
            rowStart[i + 1] = rowStart[i] + i - first[i] + 1;
        }

        var values = new double[rowStart[size]];
        var factor = new EnvelopeCholesky(size, first, rowStart, values);
        for (var i = 0; i < size; i++)
        {
            foreach (var (column, value) in rows[i])
            {
                values[factor.Index(i, column)] += value;
            }
        }

        return factor.FactorInPlace() ? factor : null;
    }

    /// <summary>Solves A·x = b in place: L y = b, then Lᵀ x = y.</summary>
    public void Solve(Span<double> b)
    {
        for (var i = 0; i < Size; i++)
        {
            var sum = b[i];
            for (var j = First[i]; j < i; j++)
            {
                sum -= Values[Index(i, j)] * b[j];
            }

            b[i] = sum / Diagonal(i);
        }

        for (var i = Size - 1; i >= 0; i--)
        {
            b[i] /= Diagonal(i);
            for (var j = First[i]; j < i; j++)
            {
                b[j] -= Values[Index(i, j)] * b[i];
            }
        }
    }

    /// <summary>Row-by-row (up-looking) Cholesky: Lᵢⱼ = (Aᵢⱼ − Σₖ LᵢₖLⱼₖ)/Lⱼⱼ over k from max(Firstᵢ, Firstⱼ) to j − 1.</summary>
    private bool FactorInPlace()
    {
        for (var i = 0; i < Size; i++)
        {
            var row = RowStart[i] - First[i];
            for (var j = First[i]; j <= i; j++)
            {
                var other = RowStart[j] - First[j];
                var sum = Values[row + j];
                for (var k = Math.Max(First[i], First[j]); k < j; k++)
                {
                    sum -= Values[row + k] * Values[other + k];
                }

                if (j < i)
                {
                    Values[row + j] = sum / Values[other + j];
                }
                else if (sum > 0)
                {
                    Values[row + i] = Math.Sqrt(sum);
                }
                else
                {
                    return false;
                }
            }
        }

        return true;
    }
}
