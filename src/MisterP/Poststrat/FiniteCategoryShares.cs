using MisterP.Data;
using MisterP.Numerics;

namespace MisterP.Poststrat;

/// <summary>
/// Finite-population category shares of one frame chunk's cells (the categorical counterpart of the binary path's
/// (Σ observed + (N − n)·p̂) / N): the n respondents of a cell are known, so only its N − n other people are predicted.
/// Per draw, cell share_k = (observed_k + predicted_k) / N, predicted_k = (N − n)·P_k (epred) or a Multinomial(N − n, P)
/// count (pps). A frame that is exactly the sample thus gives the sample's shares with no posterior spread, and every
/// derived quantity (mean, top-k, NPS) follows from these shares draw by draw. Finite-population correction as in
/// Valliant, Dorfman and Royall (2000, ch. 2), for a model-based predictor of a finite total.
/// </summary>
internal sealed class FiniteCategoryShares
{
    private readonly double[] _people;
    private readonly double[] _unobserved;
    private readonly double[] _observed;
    private readonly int _categories;

    /// <param name="respondents">The fit's respondents per cell, with one observed count per category.</param>
    /// <param name="chunk">The frame chunk; <paramref name="firstRow"/> its first row's index in the frame.</param>
    /// <param name="people">Each frame cell's population N.</param>
    public FiniteCategoryShares(RespondentCells respondents, DataTable chunk, long firstRow, double[] people)
    {
        _categories = respondents.Width;
        _people = people;
        _unobserved = new double[people.Length];
        _observed = new double[people.Length * _categories];
        respondents.Match(chunk, firstRow, people, _unobserved, _observed);
    }

    /// <summary>
    /// Replaces frame cell <paramref name="cell"/>'s category probabilities by its finite-population shares; with
    /// <paramref name="random"/> (pps) the unobserved people's categories are drawn, else their expected counts are used.
    /// </summary>
    public void Apply(int cell, Span<double> probabilities, Xoshiro256? random)
    {
        var rest = _unobserved[cell];
        var units = Math.Round(rest);
        if (random is not null && units > 0)
        {
            // Whole people are drawn; scaled back to N − n so shares still sum to 1 when a frame count is fractional.
            PredictiveSampling.Multinomial(random, units, probabilities);
            for (var c = 0; c < _categories; c++)
            {
                probabilities[c] *= rest / units;
            }
        }
        else
        {
            for (var c = 0; c < _categories; c++)
            {
                probabilities[c] *= rest;
            }
        }

        var observed = _observed.AsSpan(cell * _categories, _categories);
        for (var c = 0; c < _categories; c++)
        {
            probabilities[c] = (observed[c] + probabilities[c]) / _people[cell];
        }
    }
}
