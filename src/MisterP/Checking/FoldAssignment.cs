using MisterP.Numerics;

namespace MisterP.Checking;

/// <summary>
/// Which levels of a grouping factor each fold holds out: leave-one-group-out (one fold per level, in the fit's level
/// order) or grouped K-fold, levels shuffled by a seeded stream and dealt to the folds in turn, so fold sizes differ by
/// at most one level (as loo's <c>kfold_split_grouped</c> balances them).
/// </summary>
public sealed record FoldAssignment(string Factor, IReadOnlyList<IReadOnlyList<string>> Folds)
{
    public int Count => Folds.Count;

    /// <summary>One fold per level.</summary>
    public static FoldAssignment LeaveOneGroupOut(string factor, IReadOnlyList<string> levels) =>
        new(factor, levels.Select(l => (IReadOnlyList<string>)[l]).ToList());

    /// <summary>
    /// <paramref name="folds"/> folds of whole levels; the same seed gives the same folds. Levels within a fold keep
    /// the fit's order.
    /// </summary>
    public static FoldAssignment Grouped(string factor, IReadOnlyList<string> levels, int folds, ulong seed)
    {
        if (folds < 2 || folds > levels.Count)
        {
            throw new UserInputException(
                $"--folds {folds} does not fit '{factor}', which has {levels.Count} levels in the data: give 2 to {levels.Count} folds, " +
                "or leave --folds out for one fold per level.");
        }

        // Fisher–Yates with a stream of its own: the folds depend only on the seed and the level list.
        var order = Enumerable.Range(0, levels.Count).ToArray();
        var random = Xoshiro256.ForChain(seed, 0x6b666f6c); // "kfol"
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = (int)(random.NextUInt64() % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var fold = new int[levels.Count];
        for (var r = 0; r < order.Length; r++)
        {
            fold[order[r]] = r % folds;
        }

        return new(factor, Enumerable.Range(0, folds)
            .Select(f => (IReadOnlyList<string>)levels.Where((_, i) => fold[i] == f).ToList())
            .ToList());
    }
}
