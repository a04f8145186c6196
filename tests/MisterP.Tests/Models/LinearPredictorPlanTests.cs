using MisterP.Design;
using MisterP.Families;
using MisterP.Models;
using Xunit;

namespace MisterP.Tests.Models;

/// <summary>The regrouped linear predictor and its backward pass equal the direct sums over cells.</summary>
public class LinearPredictorPlanTests
{
    [Theory]
    [InlineData(false, false, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(false, false, true)]
    [InlineData(true, true, true)]
    public void ForwardAndBackwardMatchDirectSums(bool continuous, bool slope, bool offset)
    {
        for (var seed = 0; seed < 8; seed++)
        {
            var design = RandomDesigns.Categorical(seed, Family.Binomial, Link.Logit, continuous, slope, offset);
            Check(design, seed);
        }
    }

    [Fact]
    public void RowLevelRandomDesignsMatchDirectSums()
    {
        for (var seed = 0; seed < 8; seed++)
        {
            Check(RandomDesigns.Create(seed, Family.Poisson, Link.Log, [2, 1], [true, false]), seed);
        }
    }

    [Fact]
    public void MrpCellsCollapseIntoTwoKeyedBlocks()
    {
        // State-level parts (state effect, state predictor) and demographic parts (everything else) each depend on
        // one key, so every cell costs two look-ups whatever the number of terms.
        var design = RandomDesigns.Categorical(3, Family.Binomial, Link.Logit, cellCount: 230);
        var plan = Plan(design, out _);
        Assert.True(plan.BlockCount == 2, plan.Description);
        Assert.Contains("dense 0; per cell 0", plan.Description, StringComparison.Ordinal);
    }

    private static LinearPredictorPlan Plan(ModelDesign design, out int[] offsets)
    {
        var means = design.RowStatistics.ColumnMeans.Select((m, j) => j == design.FixedEffects.InterceptIndex ? 0 : m).ToArray();
        offsets = new int[design.GroupTerms.Count];
        var length = design.FixedEffects.ColumnCount;
        for (var k = 0; k < offsets.Length; k++)
        {
            offsets[k] = length;
            length += design.GroupTerms[k].Levels.Count * design.GroupTerms[k].CoefficientCount;
        }

        return new LinearPredictorPlan(design, means, offsets, length);
    }

    private static void Check(ModelDesign design, int seed)
    {
        var plan = Plan(design, out var offsets);
        var random = new Random(seed);
        var theta = Enumerable.Range(0, plan.ThetaLength).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        var eta = new double[plan.PaddedCount];
        plan.Forward(theta, plan.NewBlockBuffers(), eta);

        var p = design.FixedEffects.ColumnCount;
        var means = design.RowStatistics.ColumnMeans;
        var r = new double[plan.PaddedCount];
        var expectedGradient = new double[plan.ThetaLength];
        for (var position = 0; position < plan.CellCount; position++)
        {
            var i = plan.Order[position];
            r[position] = random.NextDouble() * 2 - 1;
            var expected = design.Response.Offset?[i] ?? 0;
            for (var j = 0; j < p; j++)
            {
                var centered = design.FixedEffects.X[i * p + j] - (j == design.FixedEffects.InterceptIndex ? 0 : means[j]);
                expected += centered * theta[j];
                expectedGradient[j] += centered * r[position];
            }

            for (var k = 0; k < design.GroupTerms.Count; k++)
            {
                var term = design.GroupTerms[k];
                var c = term.CoefficientCount;
                for (var a = 0; a < c; a++)
                {
                    var index = offsets[k] + term.LevelIndex[i] * c + a;
                    expected += term.Z[i * c + a] * theta[index];
                    expectedGradient[index] += term.Z[i * c + a] * r[position];
                }
            }

            Assert.True(Math.Abs(expected - eta[position]) < 1e-12, $"seed {seed}: η of cell {i} is {eta[position]}, expected {expected} ({plan.Description})");
        }

        var gradient = new double[plan.ThetaLength];
        plan.Backward(r, plan.NewBlockBuffers(), gradient);
        for (var t = 0; t < gradient.Length; t++)
        {
            Assert.True(Math.Abs(expectedGradient[t] - gradient[t]) < 1e-10, $"seed {seed}: ∂/∂θ[{t}] is {gradient[t]}, expected {expectedGradient[t]} ({plan.Description})");
        }
    }
}
