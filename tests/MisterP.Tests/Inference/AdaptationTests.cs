using MisterP.Inference.Adaptation;
using MisterP.Inference.Nuts;
using Xunit;

namespace MisterP.Tests.Inference;

public class AdaptationTests
{
    [Fact]
    public void StanWindowsForWarmup1000()
    {
        var schedule = new WindowSchedule(1000);
        var updates = Enumerable.Range(0, 1000).Where(schedule.EndsWindow).ToArray();
        Assert.Equal([99, 149, 249, 449, 949], updates);
        var fresh = new WindowSchedule(1000);
        Assert.False(fresh.InWindow(74));
        Assert.True(fresh.InWindow(75));
        Assert.True(fresh.InWindow(949));
        Assert.False(fresh.InWindow(950));
    }

    [Fact]
    public void ShortWarmupUses15And10Percent()
    {
        var schedule = new WindowSchedule(100);
        Assert.False(schedule.InWindow(14));
        Assert.True(schedule.InWindow(15));
        Assert.False(schedule.InWindow(90));
        Assert.Equal([89], Enumerable.Range(0, 100).Where(schedule.EndsWindow).ToArray());
        var tiny = new WindowSchedule(19);
        Assert.DoesNotContain(Enumerable.Range(0, 19), i => tiny.InWindow(i) || tiny.EndsWindow(i));
    }

    [Fact]
    public void WelfordVarianceIsRegularizedLikeStan()
    {
        var estimator = new MetricEstimator(2, dense: false);
        double[][] xs = [[1, 10], [2, 10], [4, 13], [7, 11]];
        foreach (var x in xs)
        {
            estimator.Add(x);
        }

        var n = 4.0;
        var var0 = (Math.Pow(1 - 3.5, 2) + Math.Pow(2 - 3.5, 2) + Math.Pow(4 - 3.5, 2) + Math.Pow(7 - 3.5, 2)) / 3;
        var expected = n / (n + 5) * var0 + 1e-3 * (5 / (n + 5));
        Assert.Equal(expected, estimator.Regularized()[0], 12);
    }

    [Fact]
    public void DualAveragingConvergesToTheStepSizeThatHitsTheTarget()
    {
        // Acceptance falls with step size as exp(−ε²): the target 0.8 is met at ε* = sqrt(−ln 0.8).
        var dual = new DualAveraging(0.8) { Mu = Math.Log(10) };
        var epsilon = 1.0;
        for (var i = 0; i < 2000; i++)
        {
            epsilon = dual.Learn(Math.Exp(-epsilon * epsilon));
        }

        Assert.Equal(Math.Sqrt(-Math.Log(0.8)), dual.Final, 2);
    }

    [Fact]
    public void UTurnCriterion()
    {
        Assert.True(NutsTransition.Criterion([1, 0], [1, 0], [2, 0]));
        Assert.False(NutsTransition.Criterion([1, 0], [-1, 0], [0.5, 0]));
        Assert.False(NutsTransition.Criterion([-1, 0], [1, 0], [0.5, 0]));
    }

    [Fact]
    public void LogSumExpHandlesInfinities()
    {
        Assert.Equal(2.0, NutsTransition.LogSumExp(double.NegativeInfinity, 2.0));
        Assert.Equal(Math.Log(2) + 1000, NutsTransition.LogSumExp(1000, 1000), 10);
    }
}
