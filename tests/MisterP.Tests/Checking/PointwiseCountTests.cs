using MisterP.Checking;
using Xunit;

namespace MisterP.Tests.Checking;

/// <summary>A column standing for c identical observations counts exactly as c copies of it.</summary>
public sealed class PointwiseCountTests
{
    [Fact]
    public void CountedColumnsEqualRepeatedColumns()
    {
        var ll = LooGolden.LogLik("loglik.csv");
        var counts = ll.Columns.Select((_, i) => (double)(1 + i % 3)).ToArray();
        var counted = PsisLoo.Compute(new LogLikelihoodMatrix(ll.Columns, ll.Names, ll.Chains, counts));
        var repeatedColumns = ll.Columns.SelectMany((c, i) => Enumerable.Repeat(c, (int)counts[i])).ToArray();
        var repeated = PsisLoo.Compute(new LogLikelihoodMatrix(repeatedColumns, repeatedColumns.Select((_, i) => $"c{i}").ToArray(), ll.Chains));
        Assert.Equal(repeated.ElpdLoo.Value, counted.ElpdLoo.Value, 1e-10);
        Assert.Equal(repeated.ElpdLoo.Se, counted.ElpdLoo.Se, 1e-10);
        Assert.Equal(repeated.PLoo.Se, counted.PLoo.Se, 1e-10);
        Assert.Equal(repeated.ParetoK.Bands.Select(b => b.Count), counted.ParetoK.Bands.Select(b => b.Count));

        var models = new[] { counted, PsisLoo.Compute(new LogLikelihoodMatrix(LooGolden.LogLik("loglik2.csv").Columns, ll.Names, ll.Chains, counts)) };
        var repeatedModels = new[] { repeated, PsisLoo.Compute(new LogLikelihoodMatrix(
            LooGolden.LogLik("loglik2.csv").Columns.SelectMany((c, i) => Enumerable.Repeat(c, (int)counts[i])).ToArray(),
            repeatedColumns.Select((_, i) => $"c{i}").ToArray(), ll.Chains)) };
        Assert.Equal(ModelWeights.Stacking(repeatedModels)[0], ModelWeights.Stacking(models)[0], 1e-6);
        var diff = LooComparison.Compare([("a", models[0]), ("b", models[1])]);
        var diffRepeated = LooComparison.Compare([("a", repeatedModels[0]), ("b", repeatedModels[1])]);
        Assert.Equal(diffRepeated[1].SeDiff, diff[1].SeDiff, 1e-10);
    }

    [Fact]
    public void PseudoBmaPlusIsSeededAndNearPseudoBma()
    {
        var a = PsisLoo.Compute(LooGolden.FullLogLik("draws.csv"));
        var b = PsisLoo.Compute(LooGolden.FullLogLik("draws2.csv"));
        var first = ModelWeights.PseudoBmaPlus([a, b], seed: 7);
        Assert.Equal(first, ModelWeights.PseudoBmaPlus([a, b], seed: 7));
        Assert.NotEqual(first, ModelWeights.PseudoBmaPlus([a, b], seed: 8));
        // The bootstrap spreads the weights towards each other (elpd_diff 3.4 with se 5.0): model 1 keeps the larger one.
        Assert.InRange(first[0], 0.5, 0.97);
        Assert.Equal(1, first.Sum(), 1e-12);
    }
}
