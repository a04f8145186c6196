namespace MisterP.Checking;

/// <summary>
/// Pointwise log-likelihood: S draws (chains one after another) × N columns. A column may stand for several identical
/// observations (all respondents of a cell with the same answer share one value): its <see cref="Counts"/> entry is
/// how many, and every total, standard error and weight counts it that many times, exactly as if it were repeated.
/// </summary>
public sealed class LogLikelihoodMatrix
{
    public LogLikelihoodMatrix(IReadOnlyList<double[]> columns, IReadOnlyList<string> names, int? chains, IReadOnlyList<double>? counts = null)
    {
        if (columns.Count == 0)
        {
            throw new ArgumentException("A log-likelihood matrix needs at least one column.");
        }

        if (names.Count != columns.Count || (counts is not null && counts.Count != columns.Count))
        {
            throw new ArgumentException("Names and counts must have one entry per column.");
        }

        var draws = columns[0].Length;
        if (columns.Any(c => c.Length != draws))
        {
            throw new ArgumentException("Every column must have the same number of draws.");
        }

        if (chains is { } c && (c < 1 || draws % c != 0))
        {
            throw new ArgumentException($"{draws} draws cannot be cut into {c} chains of equal length.");
        }

        Columns = columns;
        Names = names;
        Chains = chains;
        Counts = counts ?? Enumerable.Repeat(1.0, columns.Count).ToArray();
        DrawCount = draws;
    }

    /// <summary>One array of S draws per column.</summary>
    public IReadOnlyList<double[]> Columns { get; }

    public IReadOnlyList<string> Names { get; }

    /// <summary>Number of chains for r_eff; null when unknown (then r_eff = 1, as loo without <c>r_eff</c>).</summary>
    public int? Chains { get; }

    /// <summary>How many observations each column stands for.</summary>
    public IReadOnlyList<double> Counts { get; }

    public int DrawCount { get; }

    /// <summary>Σ counts: the N of the standard errors.</summary>
    public double ObservationCount => Counts.Sum();
}
