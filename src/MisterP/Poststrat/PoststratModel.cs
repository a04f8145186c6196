using MisterP.Design;
using MisterP.Posterior;

namespace MisterP.Poststrat;

/// <summary>
/// What post-stratification needs of a fit: its shape, the recipe to encode frames, its draws, and whether those
/// draws are independent by construction (a Laplace approximation's) rather than Markov chains.
/// </summary>
public sealed record PoststratModel(ModelShape Shape, DesignRecipe Recipe, PosteriorDraws Draws, bool IndependentDraws)
{
    public DrawLayout Layout => new(Draws.ChainCount, Draws.DrawsPerChain, IndependentDraws);
}
