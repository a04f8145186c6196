using MisterP.Numerics;

namespace MisterP.Interpretation;

/// <summary>A GLM unit's one value: η, E[y] = g⁻¹(η), or the simulated mean outcome of its respondents (<see cref="ResponseScale"/>).</summary>
internal sealed class GlmOutcome(InterpretationModel model, PredictionScale kind) : IUnitOutcome
{
    public int Width => 1;

    public IReadOnlyList<OutcomeValue>? Values => null;

    public void Evaluate(int s, Span<double> eta, ReadOnlySpan<double> respondents, Span<double> values, Xoshiro256? random)
    {
        ResponseScale.Transform(model.Shape, kind, eta);
        if (random is not null)
        {
            ResponseScale.Simulate(model.Shape, model.Parameters, s, respondents, eta, random);
        }

        eta.CopyTo(values);
    }
}
