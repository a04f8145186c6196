using System.Numerics.Tensors;
using MathNet.Numerics;
using MisterP.Design;
using MisterP.Families;
using MisterP.Posterior;
using MisterP.Poststrat;

namespace MisterP.Checking;

/// <summary>
/// The pointwise log-likelihood of a fit's own cells from its draws, and its PSIS-LOO and WAIC, computed cell by cell
/// (η per draw by <see cref="CellPredictor"/>, as post-stratification and the predictive check compute it) without
/// storing a draws × observations matrix. With respondents as the unit, a binomial cell of y successes in n trials
/// gives two pointwise values — log p shared by its y respondents with y = 1 and log(1 − p) by its n − y with y = 0 —
/// so PSIS runs once per distinct (cell, outcome) and totals weight each by its count: O(cells), not O(rows).
/// </summary>
public static class FitLogLikelihood
{
    /// <summary>PSIS-LOO and WAIC of the fit whose cells are <paramref name="design"/> and draws <paramref name="draws"/>.</summary>
    public static FitLoo Compute(DesignResult design, PosteriorDraws draws, LooUnit unit)
    {
        var model = design.Design;
        if (CategoryFamilies.IsUnordered(model.Family))
        {
            return SoftmaxLogLikelihood.Compute(design, draws, unit);
        }

        var columns = Columns(design, unit);
        var shape = ModelShape.Of(model);
        var parameters = PosteriorParameters.From(shape, draws);
        var drawColumns = DrawColumns.From(parameters);
        var predictor = CellPredictor.OverFitCells(model, shape, drawColumns);
        var s = parameters.DrawCount;
        var chains = draws.ChainCount;

        var loo = new LooPointwise[columns.Count];
        var waic = new WaicPointwise[columns.Count];
        var firstColumn = new int[model.CellCount + 1];
        foreach (var c in columns)
        {
            firstColumn[c.Cell + 1]++;
        }

        for (var i = 0; i < model.CellCount; i++)
        {
            firstColumn[i + 1] += firstColumn[i];
        }

        var logitBinomial = model.Family is Family.Bernoulli or Family.Binomial && model.Link == Link.Logit;
        var categories = model.Response.Categories?.Count ?? 0;
        var thresholds = categories > 0 ? ThresholdDraws.From(draws, categories - 1) : [];
        Parallel.For(0, model.CellCount, () => new CellBuffers(drawColumns.Stride, s, categories), (i, _, buffers) =>
        {
            predictor.LinearPredictor(i, 0, buffers.Eta);
            var eta = buffers.Eta.AsSpan(0, s);
            if (model.Response.Offset is { } offsets)
            {
                TensorPrimitives.Add(eta, offsets[i], eta);
            }

            if (logitBinomial)
            {
                LogitLogProbabilities(eta, buffers.LogP, buffers.LogQ);
            }

            if (categories > 0)
            {
                CumulativeLogProbabilities(model.Link, thresholds, categories, eta, buffers.LogCategory);
            }

            for (var k = firstColumn[i]; k < firstColumn[i + 1]; k++)
            {
                var column = columns[k];
                var ll = buffers.Ll.AsSpan(0, s);
                if (categories > 0)
                {
                    CategoryColumn(model, i, column, categories, buffers.LogCategory, ll);
                }
                else if (logitBinomial && column.Outcome is { } outcome)
                {
                    (outcome == 1 ? buffers.LogP : buffers.LogQ).AsSpan(0, s).CopyTo(ll);
                    if (model.Response.Weights?[i] is { } weight)
                    {
                        TensorPrimitives.Multiply(ll, weight, ll);
                    }
                }
                else
                {
                    for (var d = 0; d < s; d++)
                    {
                        ll[d] = LogDensity(model, parameters, column, i, d, eta[d]);
                    }
                }

                (loo[k], waic[k]) = PsisLoo.Column(column.Name, column.Count, ll, chains, buffers.Columns);
            }

            return buffers;
        }, _ => { });

        return new FitLoo(PsisLoo.Summarize(loo, s), Waic.Summarize(waic), unit, design, columns);
    }

    /// <summary>The pointwise columns of the fit's cells, in cell order (a cell's y = 1 column before its y = 0).</summary>
    internal static List<PointwiseColumn> Columns(DesignResult design, LooUnit unit)
    {
        var model = design.Design;
        var response = model.Response;
        var result = new List<PointwiseColumn>(model.CellCount * 2);
        var binomial = model.Family is Family.Binomial or Family.Bernoulli;
        if (binomial && unit == LooUnit.Respondent && model.Aggregated && design.RequestedFamily == Family.Binomial)
        {
            throw new UserInputException(
                "This binomial fit aggregated rows that each have several trials, so its respondents cannot be told apart; use --unit cell " +
                "(each cell's binomial log density), or refit with --no-aggregate for one value per data row.");
        }

        if (response.Categories is { } categories)
        {
            return CategoryColumns(model, categories, unit);
        }

        if (!binomial && model.Aggregated && response.RowsPerCell.Any(n => n > 1))
        {
            throw new UserInputException(
                $"LOO of a {model.Family.ToString().ToLowerInvariant()} fit needs each row's outcome, but this fit collapsed rows into cells " +
                "(keeping only their sums); refit with --no-aggregate.");
        }

        for (var i = 0; i < model.CellCount; i++)
        {
            if (binomial && unit == LooUnit.Respondent && design.RequestedFamily != Family.Binomial)
            {
                var y = response.Y[i];
                var n = response.Trials[i];
                if (y > 0)
                {
                    result.Add(new PointwiseColumn($"cell{i + 1}:y=1", i, y, Outcome: 1));
                }

                if (n - y > 0)
                {
                    result.Add(new PointwiseColumn($"cell{i + 1}:y=0", i, n - y, Outcome: 0));
                }
            }
            else
            {
                result.Add(new PointwiseColumn($"cell{i + 1}", i, 1, Outcome: null));
            }
        }

        return result;
    }

    /// <summary>
    /// An ordinal fit's columns: per respondent, one per (cell, category) that occurs, standing for its count of
    /// respondents (log P(y = k | cell) each); per cell, one per cell (the multinomial log density of its counts).
    /// </summary>
    private static List<PointwiseColumn> CategoryColumns(ModelDesign model, IReadOnlyList<string> categories, LooUnit unit)
    {
        var counts = model.Response.CategoryCounts!;
        var result = new List<PointwiseColumn>();
        for (var i = 0; i < model.CellCount; i++)
        {
            if (unit == LooUnit.Cell)
            {
                result.Add(new PointwiseColumn($"cell{i + 1}", i, 1, Outcome: null));
                continue;
            }

            for (var k = 0; k < categories.Count; k++)
            {
                if (counts[i * categories.Count + k] > 0)
                {
                    result.Add(new PointwiseColumn($"cell{i + 1}:y={categories[k]}", i, counts[i * categories.Count + k], Outcome: k));
                }
            }
        }

        return result;
    }

    /// <summary>log P(y = k) per draw for every category, <c>[k·S + d]</c>, from η and the thresholds (brms's cumulative).</summary>
    private static void CumulativeLogProbabilities(Link link, double[] thresholds, int categories, ReadOnlySpan<double> eta, double[] logCategory)
    {
        var s = eta.Length;
        var cuts = categories - 1;
        for (var d = 0; d < s; d++)
        {
            for (var k = 0; k < categories; k++)
            {
                var a = k == 0 ? double.NegativeInfinity : thresholds[d * cuts + k - 1] - eta[d];
                var b = k == cuts ? double.PositiveInfinity : thresholds[d * cuts + k] - eta[d];
                logCategory[k * s + d] = CumulativeKernel.LogProbability(link, a, b, out _, out _);
            }
        }
    }

    /// <summary>
    /// One categorical column's log-likelihood per draw: log P(y = k) for a respondent column, or a cell's multinomial
    /// log density log(n!/∏n_k!) + Σ n_k log P(y = k) for a cell column.
    /// </summary>
    internal static void CategoryColumn(ModelDesign model, int i, PointwiseColumn column, int categories, double[] logCategory, Span<double> ll)
    {
        var s = ll.Length;
        if (column.Outcome is { } k)
        {
            logCategory.AsSpan(k * s, s).CopyTo(ll);
            return;
        }

        var counts = model.Response.CategoryCounts!.AsSpan(i * categories, categories);
        var total = 0.0;
        var coefficient = 0.0;
        foreach (var n in counts)
        {
            total += n;
            coefficient -= SpecialFunctions.GammaLn(n + 1);
        }

        coefficient += SpecialFunctions.GammaLn(total + 1);
        ll.Fill(coefficient);
        for (var c = 0; c < categories; c++)
        {
            if (counts[c] > 0)
            {
                TensorPrimitives.MultiplyAdd(logCategory.AsSpan(c * s, s), counts[c], ll, ll);
            }
        }
    }

    /// <summary>log p(y | θ_d) of one pointwise column for draw <paramref name="d"/>.</summary>
    private static double LogDensity(ModelDesign model, PosteriorParameters parameters, PointwiseColumn column, int i, int d, double eta)
    {
        var response = model.Response;
        var weight = response.Weights?[i] ?? 1;
        double value;
        switch (model.Family)
        {
            case Family.Bernoulli or Family.Binomial:
                var (logP, logQ) = LogProbabilities(model.Link, eta);
                value = column.Outcome switch
                {
                    1 => logP,
                    0 => logQ,
                    _ => BinomialLog(response.Y[i], response.Trials[i], logP, logQ),
                };
                break;
            case Family.Poisson:
                {
                    var mu = model.Link == Link.Log ? Math.Exp(eta) : eta;
                    var logMu = model.Link == Link.Log ? eta : Math.Log(eta);
                    var y = response.Y[i];
                    value = (y == 0 ? 0 : y * logMu) - mu - SpecialFunctions.GammaLn(y + 1);
                    break;
                }

            case Family.NegativeBinomial:
                {
                    var mu = model.Link == Link.Log ? Math.Exp(eta) : eta;
                    var phi = parameters.Shape![d];
                    var y = response.Y[i];
                    var logSum = Math.Log(phi + mu);
                    value = SpecialFunctions.GammaLn(y + phi) - SpecialFunctions.GammaLn(phi) - SpecialFunctions.GammaLn(y + 1) +
                            phi * (Math.Log(phi) - logSum) + (y == 0 ? 0 : y * (Math.Log(mu) - logSum));
                    break;
                }

            default:
                {
                    var mu = model.Link switch
                    {
                        Link.Log => Math.Exp(eta),
                        _ => eta,
                    };
                    var sd = response.KnownSe is { } se ? se[i] : parameters.Sigma![d];
                    var z = (response.Y[i] - mu) / sd;
                    value = -0.5 * Math.Log(2 * Math.PI) - Math.Log(sd) - 0.5 * z * z;
                    break;
                }
        }

        return weight * value;
    }

    /// <summary>
    /// log p = −log1p(e^−η) and log(1 − p) = −log1p(e^η) for the logit link, SIMD over draws: with
    /// sp = max(η, 0) + log(1 + e^−|η|) = log(1 + e^η), log(1 − p) = −sp and log p = η − sp.
    /// </summary>
    private static void LogitLogProbabilities(ReadOnlySpan<double> eta, double[] logP, double[] logQ)
    {
        var n = eta.Length;
        var sp = logQ.AsSpan(0, n);
        var t = logP.AsSpan(0, n);
        TensorPrimitives.Abs(eta, t);
        TensorPrimitives.Negate(t, t);
        TensorPrimitives.Exp(t, t);
        TensorPrimitives.Add(t, 1.0, t);
        TensorPrimitives.Log(t, t);
        TensorPrimitives.Max(eta, 0.0, sp);
        TensorPrimitives.Add(sp, t, sp);
        TensorPrimitives.Subtract(eta, sp, t);
        TensorPrimitives.Negate(sp, sp);
    }

    /// <summary>One thread's work arrays.</summary>
    private sealed class CellBuffers(int stride, int draws, int categories)
    {
        public double[] LogCategory { get; } = new double[draws * categories];

        public double[] Eta { get; } = new double[stride];

        public double[] LogP { get; } = new double[draws];

        public double[] LogQ { get; } = new double[draws];

        public double[] Ll { get; } = new double[draws];

        public ColumnBuffers Columns { get; } = new(draws);
    }

    /// <summary>log C(n, y) + y·log p + (n − y)·log(1 − p), brms's cell-level binomial log density.</summary>
    internal static double BinomialLog(double y, double n, double logP, double logQ) =>
        SpecialFunctions.BinomialLn((int)Math.Round(n), (int)Math.Round(y)) + (y == 0 ? 0 : y * logP) + (n - y == 0 ? 0 : (n - y) * logQ);

    /// <summary>(log p, log(1 − p)) from η without cancellation: for the logit, −log1p(e^−η) and −log1p(e^η).</summary>
    internal static (double LogP, double LogQ) LogProbabilities(Link link, double eta)
    {
        switch (link)
        {
            case Link.Logit:
                return (-Softplus(-eta), -Softplus(eta));
            case Link.Probit:
                var p = 0.5 * SpecialFunctions.Erfc(-eta / Math.Sqrt(2));
                var q = 0.5 * SpecialFunctions.Erfc(eta / Math.Sqrt(2));
                return (Math.Log(p), Math.Log(q));
            case Link.CLogLog:
                var e = Math.Exp(eta);
                return (Math.Log(-GeneralizedParetoFit.ExpMinusOne(-e)), -e);
            case Link.Log:
                return (eta, GeneralizedParetoFit.LogOnePlus(-Math.Exp(eta)));
            default:
                return (Math.Log(eta), GeneralizedParetoFit.LogOnePlus(-eta));
        }
    }

    /// <summary>log(1 + e^x) without overflow.</summary>
    private static double Softplus(double x) => x > 0 ? x + GeneralizedParetoFit.LogOnePlus(Math.Exp(-x)) : GeneralizedParetoFit.LogOnePlus(Math.Exp(x));
}

/// <summary>One pointwise column of a fit: a cell, or a cell's respondents with one outcome value, and how many it stands for.</summary>
public sealed record PointwiseColumn(string Name, int Cell, double Count, int? Outcome);

/// <summary>A fit's PSIS-LOO and WAIC with what its pointwise values stand for (to line fits up for comparison).</summary>
public sealed record FitLoo(LooResult Loo, WaicResult Waic, LooUnit Unit, DesignResult Design, IReadOnlyList<PointwiseColumn> Columns);
