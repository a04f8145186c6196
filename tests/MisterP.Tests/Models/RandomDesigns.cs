using MisterP.Design;
using MisterP.Families;

namespace MisterP.Tests.Models;

/// <summary>Small random model designs for property tests of the model's log density and gradient.</summary>
internal static class RandomDesigns
{
    public static ModelDesign Create(int seed, Family family, Link link, int[] groupCoefficients, bool[] correlated, bool weights = false, bool aggregatedGaussian = false)
    {
        var random = new Random(seed);
        const int cells = 40;
        const int p = 3;
        var x = new double[cells * p];
        for (var i = 0; i < cells; i++)
        {
            x[i * p] = 1;
            x[i * p + 1] = random.NextDouble() * 2 - 1;
            x[i * p + 2] = random.Next(2);
        }

        var y = new double[cells];
        var trials = new double[cells];
        var rows = new double[cells];
        double[]? sumSquares = null;
        for (var i = 0; i < cells; i++)
        {
            rows[i] = 1;
            switch (family)
            {
                case Family.Binomial:
                    trials[i] = 1 + random.Next(8);
                    y[i] = random.Next((int)trials[i] + 1);
                    break;
                case Family.Poisson or Family.NegativeBinomial:
                    trials[i] = 1;
                    y[i] = random.Next(6);
                    break;
                default:
                    trials[i] = 1;
                    y[i] = link == Link.Log ? 0.5 + random.NextDouble() * 3 : random.NextDouble() * 4 - 2;
                    break;
            }
        }

        if (aggregatedGaussian)
        {
            sumSquares = new double[cells];
            for (var i = 0; i < cells; i++)
            {
                rows[i] = trials[i] = 1 + random.Next(4);
                var mean = y[i];
                y[i] = mean * rows[i];
                sumSquares[i] = rows[i] * mean * mean + random.NextDouble() * rows[i];
            }
        }

        var terms = groupCoefficients.Select((c, k) =>
        {
            var levels = 3 + k;
            var names = Enumerable.Range(0, c).Select(a => a == 0 ? "Intercept" : $"x{a}").ToList();
            var z = new double[cells * c];
            for (var i = 0; i < cells; i++)
            {
                z[i * c] = 1;
                for (var a = 1; a < c; a++)
                {
                    z[i * c + a] = random.NextDouble() * 2 - 1;
                }
            }

            return new GroupTermDesign
            {
                Name = $"g{k}",
                Levels = Enumerable.Range(0, levels).Select(l => $"L{l}").ToList(),
                LevelIndex = Enumerable.Range(0, cells).Select(_ => random.Next(levels)).ToArray(),
                CoefficientNames = names,
                Z = z,
                Correlated = correlated[k] && c > 1,
            };
        }).ToList();

        return new ModelDesign
        {
            Family = family,
            Link = link,
            CellCount = cells,
            Aggregated = aggregatedGaussian,
            Response = new ResponseData
            {
                Y = y,
                Trials = trials,
                RowsPerCell = rows,
                SumOfSquares = sumSquares,
                Weights = weights ? Enumerable.Range(0, cells).Select(_ => 0.5 + random.NextDouble()).ToArray() : null,
                Offset = Enumerable.Range(0, cells).Select(_ => random.NextDouble() * 0.2).ToArray(),
            },
            FixedEffects = new FixedEffectsDesign { Names = ["Intercept", "x", "flag"], X = x, InterceptIndex = 0 },
            GroupTerms = terms,
            RowStatistics = new RowStatistics
            {
                RowCount = rows.Sum(),
                ColumnMeans = [1, 0.1, 0.5],
                ColumnSds = [0, 0.6, 0.5],
                ResponseMean = 0.5,
                ResponseSd = 1.2,
            },
        };
    }
}
