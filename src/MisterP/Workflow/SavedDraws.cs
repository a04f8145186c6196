using MisterP.Output;
using MisterP.Posterior;

namespace MisterP.Workflow;

/// <summary>Draws read for <c>mrp summary</c>: a fit folder, a draws.csv, or CmdStan CSV files (one per chain).</summary>
public sealed record SavedDraws(PosteriorDraws Draws, int MaxTreeDepth, string Description)
{
    /// <summary>What reading a fit folder noticed and worked around (see <see cref="SavedFit.Notes"/>).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public static SavedDraws Load(IReadOnlyList<string> paths, int defaultMaxTreeDepth = 10)
    {
        if (paths.Count == 1 && Directory.Exists(paths[0]))
        {
            var fit = SavedFit.Load(paths[0]);
            var draws = fit.Draws ?? throw new UserInputException(
                $"{paths[0]} is a maximum-likelihood fit (no draws); its estimates are in {Path.Combine(paths[0], "summary.csv")}.");
            return new SavedDraws(draws, fit.MaxTreeDepth, paths[0]) { Notes = fit.Notes };
        }

        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                throw new UserInputException($"'{path}' is neither a fit folder nor a file.");
            }
        }

        var first = File.ReadLines(paths[0]).FirstOrDefault(l => !l.StartsWith('#')) ?? string.Empty;
        if (first.StartsWith("chain,draw", StringComparison.Ordinal) || first.StartsWith("\"chain\",\"draw\"", StringComparison.Ordinal))
        {
            if (paths.Count > 1)
            {
                throw new UserInputException("Give one draws.csv (it holds every chain), or several CmdStan files.");
            }

            return new SavedDraws(DrawsCsv.Read(paths[0]), defaultMaxTreeDepth, paths[0]);
        }

        return new SavedDraws(CmdStanCsv.Read(paths), defaultMaxTreeDepth, string.Join(", ", paths));
    }
}
