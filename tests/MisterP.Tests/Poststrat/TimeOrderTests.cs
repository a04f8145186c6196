using MisterP.Data;
using MisterP.Inference;
using MisterP.Poststrat;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Poststrat;

/// <summary>Issue 14 item 3: a series by month or wave lists its groups in time order, not code-point order.</summary>
public class TimeOrderTests
{
    [Fact]
    public void MonthsDatesAndNumbersArePlacedOnALine()
    {
        var months = LevelPositions.TryRead(["2024-12", "2025-1", "2024-02"])!;
        Assert.Equal(LevelScale.Months, months.Scale);
        Assert.True(months.IsCalendar);
        Assert.Equal(11, months.Of("2025-1") - months.Of("2024-02"));
        Assert.Equal(1, months.Of("2025-1") - months.Of("2024-12"));
        var dates = LevelPositions.TryRead(["2024-02-28", "2024-03-01"])!;
        Assert.Equal(LevelScale.Dates, dates.Scale);
        Assert.Equal(2, dates.Of("2024-03-01") - dates.Of("2024-02-28"));
        var numbers = LevelPositions.TryRead(["10", "9", "-1.5"])!;
        Assert.Equal(LevelScale.Numbers, numbers.Scale);
        Assert.False(numbers.IsCalendar);
        Assert.True(numbers.Of("10") > numbers.Of("9"));
        Assert.Null(LevelPositions.TryRead(["2024-01", "Q2"]));
        Assert.Null(LevelPositions.TryRead(["2024-13"]));
        Assert.Null(LevelPositions.TryRead([]));
    }

    [Fact]
    public void PoststratListsWavesAndMonthsInTimeOrder()
    {
        using var temp = new TempFolder();
        var rows = new System.Text.StringBuilder("y,wave,month\n");
        for (var w = 1; w <= 12; w++)
        {
            for (var i = 0; i < 6; i++)
            {
                rows.Append($"{((i + w) % 3 == 0 ? 1 : 0)},{w},{MonthOf(w)}\n");
            }
        }

        using var sample = TableSources.Open(temp.File("s.csv", rows.ToString()));
        var fit = Mrp.Fit(sample, "y ~ (1|wave)", new FitOptions { Sampler = new SamplerOptions { Chains = 1, Warmup = 100, Draws = 50, Seed = 3 } });
        // The frame lists the waves shuffled, and month text with and without a leading zero.
        var frame = new System.Text.StringBuilder("wave,month,n\n");
        foreach (var w in new[] { 10, 2, 12, 1, 11, 3, 9, 4, 8, 5, 7, 6 })
        {
            frame.Append($"{w},{MonthOf(w)},{10 * w}\n");
        }

        using var frameSource = TableSources.Open(temp.File("f.csv", frame.ToString()));
        var result = fit.Poststratify(frameSource, new PoststratOptions { Weight = "n", By = [["wave"], ["month"]] });
        Assert.Equal(Enumerable.Range(1, 12).Select(w => w.ToString(System.Globalization.CultureInfo.InvariantCulture)), result.Estimates.Where(e => e.By == "wave").Select(e => e.Keys["wave"]));
        Assert.Equal(Enumerable.Range(1, 12).Select(MonthOf), result.Estimates.Where(e => e.By == "month").Select(e => e.Keys["month"]));
    }

    // Months without a leading zero: 2024-9 sorts after 2024-10 by code point, only a calendar reading puts it before.
    private static string MonthOf(int wave) => $"2024-{wave}";
}
