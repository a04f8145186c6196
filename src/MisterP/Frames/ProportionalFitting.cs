namespace MisterP.Frames;

/// <summary>One margin to match: for every cell, the index of its level (combination); the target total per level.</summary>
public sealed record MarginConstraint(string Name, IReadOnlyList<string> Levels, int[] CellLevel, double[] Targets);

/// <summary>The fitted cells, the sweeps taken and the largest relative margin error left.</summary>
public sealed record ProportionalFit(double[] Cells, int Iterations, double MaxRelativeError);

/// <summary>
/// Iterative proportional fitting (Deming &amp; Stephan 1940): scale the cells to each margin in turn, sweep until
/// every margin total is within <c>tolerance</c> (relative) of its target. From a positive seed it converges to the
/// table closest to the seed in Kullback–Leibler divergence that has the margins (Csiszár 1975), the same table
/// R's <c>survey::rake</c> reaches, so synthetic joints keep the seed's associations (MrsP, Leemann &amp; Wasserfallen 2017).
/// </summary>
public static class ProportionalFitting
{
    public static ProportionalFit Fit(double[] seed, IReadOnlyList<MarginConstraint> margins, double tolerance, int maxIterations)
    {
        var cells = (double[])seed.Clone();
        var error = MaxRelativeError(cells, margins);
        var iterations = 0;
        while (error > tolerance && iterations < maxIterations)
        {
            iterations++;
            foreach (var margin in margins)
            {
                var sums = Sums(cells, margin);
                var factor = new double[sums.Length];
                for (var l = 0; l < sums.Length; l++)
                {
                    // A level with target 0 empties its cells; one whose cells are all zero cannot move (checked beforehand).
                    factor[l] = sums[l] > 0 ? margin.Targets[l] / sums[l] : 0;
                }

                for (var i = 0; i < cells.Length; i++)
                {
                    cells[i] *= factor[margin.CellLevel[i]];
                }
            }

            error = MaxRelativeError(cells, margins);
        }

        return new ProportionalFit(cells, iterations, error);
    }

    /// <summary>Largest |Σ cells − target| / target over every level of every margin (absolute where the target is 0).</summary>
    public static double MaxRelativeError(double[] cells, IReadOnlyList<MarginConstraint> margins)
    {
        var worst = 0.0;
        foreach (var margin in margins)
        {
            var sums = Sums(cells, margin);
            for (var l = 0; l < sums.Length; l++)
            {
                var target = margin.Targets[l];
                worst = Math.Max(worst, target > 0 ? Math.Abs(sums[l] - target) / target : Math.Abs(sums[l]));
            }
        }

        return worst;
    }

    public static double[] Sums(double[] cells, MarginConstraint margin)
    {
        var sums = new double[margin.Targets.Length];
        for (var i = 0; i < cells.Length; i++)
        {
            sums[margin.CellLevel[i]] += cells[i];
        }

        return sums;
    }
}
