using MisterP.Design;
using MisterP.Families;

namespace MisterP.Models;

/// <summary>
/// The response arrays of a design in the plan's stored cell order (padded), precomputed once per model. Logit
/// binomial models keep only weighted successes and trials: w·(kη − n·softplus η) is the kernel at (wk, wn).
/// </summary>
internal sealed class StoredResponse
{
    public StoredResponse(ModelDesign design, LinearPredictorPlan plan)
    {
        var r = design.Response;
        if (design.Family is Family.Binomial or Family.Bernoulli && design.Link == Link.Logit)
        {
            var k = r.Weights is { } w ? r.Y.Select((y, i) => w[i] * y).ToArray() : r.Y;
            var n = r.Weights is { } wn ? r.Trials.Select((t, i) => wn[i] * t).ToArray() : r.Trials;
            LogitSuccesses = plan.Permute(k);
            LogitTrials = plan.Permute(n);
        }

        Y = plan.Permute(r.Y);
        Trials = plan.Permute(r.Trials);
        RowsPerCell = plan.Permute(r.RowsPerCell);
        SumOfSquares = r.SumOfSquares is { } ss ? plan.Permute(ss) : null;
        Weights = r.Weights is { } weights ? plan.Permute(weights) : null;
        KnownSe = r.KnownSe is { } se ? plan.Permute(se, padding: 1) : null;
    }

    /// <summary>Weighted successes of logit binomial models (null for other families and links).</summary>
    public double[]? LogitSuccesses { get; }

    /// <summary>Weighted trials of logit binomial models, zero on padding cells.</summary>
    public double[]? LogitTrials { get; }

    public double[] Y { get; }

    public double[] Trials { get; }

    public double[] RowsPerCell { get; }

    public double[]? SumOfSquares { get; }

    public double[]? Weights { get; }

    public double[]? KnownSe { get; }
}
