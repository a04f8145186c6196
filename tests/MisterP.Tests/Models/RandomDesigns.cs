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

    /// <summary>
    /// An MRP-like design: cells are the distinct combinations of a "state" factor (with a state-level predictor) and
    /// three demographic factors, with interactions, a binary fixed effect, optionally a continuous column, a varying
    /// slope and an offset — so the linear predictor plan forms several keyed blocks and per-cell parts.
    /// </summary>
    public static ModelDesign Categorical(int seed, Family family, Link link, bool continuous = false, bool slope = false, bool offset = false, int? cellCount = null)
    {
        var random = new Random(seed);
        var states = 6 + random.Next(6);
        var stateValue = Enumerable.Range(0, states).Select(_ => random.NextDouble()).ToArray();
        var combos = new HashSet<(int State, int A, int B, int Male)>();
        var target = cellCount ?? 60 + random.Next(60);
        while (combos.Count < target)
        {
            combos.Add((random.Next(states), random.Next(4), random.Next(5), random.Next(2)));
        }

        var cells = combos.OrderBy(c => random.Next()).ToArray();
        var n = cells.Length;
        var columns = continuous ? 4 : 3;
        var x = new double[n * columns];
        var y = new double[n];
        var trials = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i * columns] = 1;
            x[i * columns + 1] = cells[i].Male - 0.5;
            x[i * columns + 2] = stateValue[cells[i].State];
            if (continuous)
            {
                x[i * columns + 3] = random.NextDouble() * 2 - 1;
            }

            trials[i] = family is Family.Binomial or Family.Bernoulli ? 1 + random.Next(12) : 1;
            y[i] = family switch
            {
                Family.Binomial or Family.Bernoulli => random.Next((int)trials[i] + 1),
                Family.Poisson or Family.NegativeBinomial => random.Next(6),
                _ => link == Link.Log ? 0.5 + random.NextDouble() * 3 : random.NextDouble() * 4 - 2,
            };
        }

        GroupTermDesign Term(string name, int levels, Func<int, int> level, bool withSlope = false)
        {
            var c = withSlope ? 2 : 1;
            var z = new double[n * c];
            for (var i = 0; i < n; i++)
            {
                z[i * c] = 1;
                if (withSlope)
                {
                    z[i * c + 1] = cells[i].Male - 0.5;
                }
            }

            return new GroupTermDesign
            {
                Name = name,
                Levels = Enumerable.Range(0, levels).Select(l => $"L{l}").ToList(),
                LevelIndex = Enumerable.Range(0, n).Select(level).ToArray(),
                CoefficientNames = withSlope ? ["Intercept", "male"] : ["Intercept"],
                Z = z,
                Correlated = withSlope,
            };
        }

        var terms = new List<GroupTermDesign>
        {
            Term("state", states, i => cells[i].State),
            Term("a", 4, i => cells[i].A, withSlope: slope),
            Term("b", 5, i => cells[i].B),
            Term("male:a", 8, i => cells[i].Male * 4 + cells[i].A),
            Term("a:b", 20, i => cells[i].A * 5 + cells[i].B),
        };
        var names = continuous ? new[] { "Intercept", "male", "statevalue", "x" } : ["Intercept", "male", "statevalue"];
        return new ModelDesign
        {
            Family = family,
            Link = link,
            CellCount = n,
            Aggregated = true,
            Response = new ResponseData
            {
                Y = y,
                Trials = trials,
                RowsPerCell = trials.ToArray(),
                Offset = offset ? Enumerable.Range(0, n).Select(_ => random.NextDouble() * 0.2).ToArray() : null,
            },
            FixedEffects = new FixedEffectsDesign { Names = names, X = x, InterceptIndex = 0 },
            GroupTerms = terms,
            RowStatistics = new RowStatistics
            {
                RowCount = trials.Sum(),
                ColumnMeans = continuous ? [1, 0.05, 0.5, 0] : [1, 0.05, 0.5],
                ColumnSds = continuous ? [0, 0.5, 0.3, 0.6] : [0, 0.5, 0.3],
                ResponseMean = 0.5,
                ResponseSd = 1.2,
            },
        };
    }
}
