using MisterP.Numerics;

namespace MisterP.Inference.Optimization;

/// <summary>Sampling–importance–resampling (Rubin 1988) of weighted draws into equally weighted ones.</summary>
internal static class ImportanceResampling
{
    /// <summary>
    /// Systematic resampling (Kitagawa 1996: one uniform, evenly spaced pointers through the cumulative weights, so
    /// each draw is kept ⌊Nwᵢ⌋ or ⌈Nwᵢ⌉ times) of <paramref name="count"/> indices, returned in random order.
    /// </summary>
    /// <param name="logWeights">Unnormalized log weights (−∞ for a draw that must not be kept).</param>
    /// <param name="count">How many indices to return.</param>
    /// <param name="random">The stream for the pointer offset and the shuffle.</param>
    /// <param name="effectiveSize">Kish's effective sample size of the weights, (Σw)²/Σw².</param>
    public static int[] Systematic(double[] logWeights, int count, Xoshiro256 random, out double effectiveSize)
    {
        var largest = logWeights.Max();
        if (!double.IsFinite(largest))
        {
            throw new InvalidOperationException("Every importance weight is zero.");
        }

        var weights = logWeights.Select(w => Math.Exp(w - largest)).ToArray();
        var total = weights.Sum();
        effectiveSize = total * total / weights.Sum(w => w * w);
        var indices = new int[count];
        var offset = random.UniformOpen();
        var cumulative = weights[0] / total;
        var source = 0;
        for (var k = 0; k < count; k++)
        {
            var pointer = (k + offset) / count;
            while (pointer > cumulative && source < weights.Length - 1)
            {
                source++;
                cumulative += weights[source] / total;
            }

            // Rounding in the cumulative sum can carry the last pointers past trailing zero weights.
            while (weights[source] == 0)
            {
                source--;
            }

            indices[k] = source;
        }

        // Fisher–Yates.
        for (var k = count - 1; k > 0; k--)
        {
            var j = (int)(random.Uniform() * (k + 1));
            (indices[k], indices[j]) = (indices[j], indices[k]);
        }

        return indices;
    }
}
