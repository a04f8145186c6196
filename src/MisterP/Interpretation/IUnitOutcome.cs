using MisterP.Numerics;

namespace MisterP.Interpretation;

/// <summary>
/// What one unit's prediction reports under one draw, from its linear predictor: one value for a GLM (η, E[y] or a
/// simulated mean), several for a model whose outcome is a distribution over categories (a share per category and
/// the expected score). Every estimand (a prediction, a difference, a slope) is computed per value.
/// </summary>
internal interface IUnitOutcome
{
    /// <summary>Values per unit; results hold them unit-major, <c>[i·Width + v]</c>.</summary>
    int Width { get; }

    /// <summary>What each value is (quantity and category columns); null when there is one plain value per unit.</summary>
    IReadOnlyList<OutcomeValue>? Values { get; }

    /// <summary>
    /// Writes the values of every unit under draw <paramref name="s"/> into <paramref name="values"/> (<c>[i·Width + v]</c>)
    /// from <paramref name="eta"/>, which it may overwrite; <paramref name="random"/> is given for posterior predictive draws.
    /// </summary>
    void Evaluate(int s, Span<double> eta, ReadOnlySpan<double> respondents, Span<double> values, Xoshiro256? random);
}

/// <summary>One reported value of a unit: its quantity (<c>share</c>, <c>mean</c>, <c>eta</c>), category (or empty) and what it measures.</summary>
internal sealed record OutcomeValue(string Quantity, string Category, string Measure);
