using System.Globalization;

namespace MisterP.Inference;

/// <summary>
/// Limits on how many draws a fit may ask for, checked before sampling: enough per chain for the diagnostics, and no
/// more than the machine can hold (issue 12: <c>--chains 64 --draws 100000000</c> grew without bound).
/// </summary>
public static class DrawsBudget
{
    /// <summary>
    /// Fewest kept draws per chain: split-R̂ halves each chain and needs several draws per half, and the ESS
    /// autocorrelation estimate needs more than one lag (Vehtari et al. 2021, §4). Fewer than about 100 still gives noisy diagnostics.
    /// </summary>
    public const int MinimumDraws = 10;

    /// <summary>
    /// The draws are held once as sampled (chains × draws × (quantities + sampler statistics) doubles) and, in the
    /// worst case, once more column by column (post-stratification's per-draw parameter columns, the summary's sorted copies).
    /// </summary>
    private const int Copies = 2;

    /// <summary>Bytes the draws of a fit need: chains × draws × (quantities + statistics) × 8, times the copies made.</summary>
    public static double EstimateBytes(int chains, long drawsPerChain, int quantities, int statistics) =>
        (double)chains * drawsPerChain * (quantities + statistics) * sizeof(double) * Copies;

    /// <summary>Throws a <see cref="UserInputException"/> when there are too few draws for diagnostics or too many to hold in memory.</summary>
    public static void Check(int chains, int drawsPerChain, int quantities, int statistics) =>
        Check(chains, drawsPerChain, quantities, statistics, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary><see cref="Check(int, int, int, int)"/> against <paramref name="availableBytes"/> (tests pass their own).</summary>
    public static void Check(int chains, int drawsPerChain, int quantities, int statistics, long availableBytes)
    {
        if (chains < 1)
        {
            throw new UserInputException($"--chains {chains}: at least 1 chain is needed (4 is usual, so R̂ can compare chains).");
        }

        if (drawsPerChain < MinimumDraws)
        {
            throw new UserInputException(
                $"--draws {drawsPerChain}: at least {MinimumDraws} draws per chain are needed (split-R̂ and ESS need two halves of at least 2 draws); use 1000 or more for reliable estimates.");
        }

        var perChain = (long)drawsPerChain * (quantities + statistics);
        var bytes = EstimateBytes(chains, drawsPerChain, quantities, statistics);
        if (perChain > Array.MaxLength || bytes > availableBytes)
        {
            throw new UserInputException(
                $"--chains {chains} × --draws {drawsPerChain} of {quantities} quantities (+ {statistics} sampler statistics) need about {Size(bytes)} of memory, " +
                $"more than the {Size(availableBytes)} this machine has available{(perChain > Array.MaxLength ? " (and more values per chain than one array can hold)" : string.Empty)}. " +
                "Ask for fewer draws (1000 per chain is usually plenty; thin afterwards if needed) or fewer chains.");
        }
    }

    private static string Size(double bytes)
    {
        string[] units = ["B", "KB", "MB", "GB", "TB", "PB"];
        var unit = 0;
        while (bytes >= 1024 && unit < units.Length - 1)
        {
            bytes /= 1024;
            unit++;
        }

        return bytes.ToString(unit == 0 ? "0" : "0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
