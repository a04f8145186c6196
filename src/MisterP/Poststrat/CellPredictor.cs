using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MisterP.Design;
using MisterP.Families;

namespace MisterP.Poststrat;

/// <summary>
/// Expected value of each row of an encoded frame chunk for a block of consecutive draws: η = Σ_j x_j·β_j +
/// Σ_k Σ_c z_kc·u_k[level, c], then the inverse link, SIMD across draws (<see cref="DrawColumns"/>). Reads only, so
/// blocks run on any thread; a (row, draw) value depends on nothing but the row's data and the draw.
/// </summary>
internal sealed class CellPredictor
{
    private readonly Link _link;
    private readonly int _stride;
    private readonly double[] _beta;
    private readonly double[][] _columns;
    private readonly TermTable[] _terms;
    private readonly ProductPlan? _products;

    /// <summary>
    /// A predictor over the fit's own cells, where every level was seen and none is new: the predictive check, the
    /// calibration plot and the pointwise log-likelihood.
    /// </summary>
    public static CellPredictor OverFitCells(ModelDesign design, ModelShape shape, DrawColumns draws) => new(
        shape,
        draws,
        null,
        new FrameDesign
        {
            RowCount = design.CellCount,
            X = design.FixedEffects.X,
            Groups = design.GroupTerms.Select(t => new FrameGroupIndex { LevelIndex = t.LevelIndex, NewLevels = [], Z = t.Z }).ToList(),
        },
        design.GroupTerms.Select(_ => (IReadOnlyList<double[]>)[]).ToList());

    /// <summary>
    /// One group term in this chunk: effects table (fitted levels, then new ones), each row's level in that table,
    /// and its slope values (null for a varying intercept, whose single coefficient is 1).
    /// </summary>
    private sealed record TermTable(double[] Table, int[] Level, int Coefficients, double[]? Z);

    /// <param name="design">The fit's shape.</param>
    /// <param name="draws">The run's draws.</param>
    /// <param name="factors">The run's effect exps when the model can use them (<see cref="ExpFactors.For"/>).</param>
    /// <param name="frame">The chunk, encoded.</param>
    /// <param name="newLevelDraws">Per term, the draws <c>[s·C + c]</c> of each of the chunk's new levels.</param>
    public CellPredictor(ModelShape design, DrawColumns draws, ExpFactors? factors, FrameDesign frame, IReadOnlyList<IReadOnlyList<double[]>> newLevelDraws)
    {
        _link = design.Link;
        _stride = draws.Stride;
        _beta = draws.Beta;
        var p = design.FixedEffects.Count;
        // Column-major copy of X: a row's fixed part reads one value per column.
        _columns = new double[p][];
        for (var j = 0; j < p; j++)
        {
            var column = _columns[j] = new double[frame.RowCount];
            for (var i = 0; i < column.Length; i++)
            {
                column[i] = frame.X[i * p + j];
            }
        }

        _terms = new TermTable[frame.Groups.Count];
        for (var k = 0; k < _terms.Length; k++)
        {
            var shape = design.GroupTerms[k];
            var group = frame.Groups[k];
            var fitted = shape.Levels.Count;
            var level = group.LevelIndex.Select(l => l >= 0 ? l : fitted + (-1 - l)).ToArray();
            var interceptOnly = shape.CoefficientCount == 1 && shape.CoefficientNames[0] == "Intercept";
            _terms[k] = new TermTable(draws.WithNewLevels(k, shape.CoefficientCount, newLevelDraws[k]), level, shape.CoefficientCount, interceptOnly ? null : group.Z);
        }

        if (factors is not null)
        {
            var levels = _terms.Select(t => t.Level).ToArray();
            var fresh = newLevelDraws.Select(f => draws.NewLevelRows(1, f)).ToList();
            _products = ProductPlan.Create(factors, draws, _columns, levels, fresh);
        }
    }

    /// <summary>What a block of draws shares across rows (null when every row is predicted directly).</summary>
    public ProductPlan.BlockFactors? Prepare(int first, int length) => _products?.Prepare(first, length);

    /// <summary>
    /// Writes E[y | row, θ_s] for draws s = <paramref name="first"/> … into <paramref name="output"/>, whose length is a
    /// multiple of <see cref="Vector{T}.Count"/> and at most <see cref="DrawColumns.Stride"/> − first. Term by term over
    /// the block (each pass is a contiguous, bounds-check-free SIMD loop over data in L1), then the inverse link — or,
    /// for the rows <see cref="ProductPlan"/> covers, as a product of exps (<paramref name="block"/> from <see cref="Prepare"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Predict(int row, int first, Span<double> output, ProductPlan.BlockFactors? block)
    {
        if (block is not null && _products!.Covers(row))
        {
            _products.Mean(row, first, output, block);
            return;
        }

        LinearPredictor(row, first, output);
        ApplyInverseLink(MemoryMarshal.Cast<double, Vector<double>>(output));
    }

    /// <summary>
    /// η (before the inverse link, without any offset) of <paramref name="row"/> for draws <paramref name="first"/> …,
    /// same layout rules as <see cref="Predict"/>: what a log-likelihood needs without losing log(1 − p) near p = 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void LinearPredictor(int row, int first, Span<double> output)
    {
        var eta = MemoryMarshal.Cast<double, Vector<double>>(output);
        eta.Clear();
        for (var j = 0; j < _columns.Length; j++)
        {
            var x = _columns[j][row];
            if (x != 0)
            {
                AddScaled(eta, _beta.AsSpan(j * _stride + first, output.Length), x);
            }
        }

        foreach (var term in _terms)
        {
            var start = term.Level[row] * term.Coefficients * _stride + first;
            if (term.Z is null)
            {
                var effects = MemoryMarshal.Cast<double, Vector<double>>(term.Table.AsSpan(start, output.Length));
                for (var v = 0; v < eta.Length && v < effects.Length; v++)
                {
                    eta[v] += effects[v];
                }

                continue;
            }

            for (var c = 0; c < term.Coefficients; c++)
            {
                var z = term.Z[row * term.Coefficients + c];
                if (z != 0)
                {
                    AddScaled(eta, term.Table.AsSpan(start + c * _stride, output.Length), z);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddScaled(Span<Vector<double>> eta, ReadOnlySpan<double> values, double scale)
    {
        var vectors = MemoryMarshal.Cast<double, Vector<double>>(values);
        for (var v = 0; v < eta.Length && v < vectors.Length; v++)
        {
            eta[v] += vectors[v] * scale;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ApplyInverseLink(Span<Vector<double>> eta)
    {
        switch (_link)
        {
            case Link.Identity:
                return;
            case Link.Logit:
                for (var v = 0; v < eta.Length; v++)
                {
                    eta[v] = Vector<double>.One / (Vector<double>.One + Vector.Exp(-eta[v]));
                }

                return;
            case Link.Log:
                for (var v = 0; v < eta.Length; v++)
                {
                    eta[v] = Vector.Exp(eta[v]);
                }

                return;
            default:
                var lanes = MemoryMarshal.Cast<Vector<double>, double>(eta);
                for (var i = 0; i < lanes.Length; i++)
                {
                    lanes[i] = _link switch
                    {
                        Link.Probit => 0.5 * MathNet.Numerics.SpecialFunctions.Erfc(-lanes[i] / Math.Sqrt(2)),
                        Link.CLogLog => 1 - Math.Exp(-Math.Exp(lanes[i])),
                        _ => throw new ArgumentOutOfRangeException(nameof(eta), _link, "Unknown link."),
                    };
                }

                return;
        }
    }
}
