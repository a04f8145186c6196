using System.Globalization;
using MisterP.Output;
using MisterP.Posterior;
using Xunit;

namespace MisterP.Tests.Posterior;

/// <summary>
/// Every value of ../shared/reference/stan_diagnostics/reference_posterior.csv (R's posterior package on ArviZ's
/// blocker.1.csv + blocker.2.csv) reproduced to 1e-8 absolute, every column.
/// </summary>
public class GoldenDiagnosticsTests
{
    [Fact]
    public void ReproducesPosteriorPackageTo1e8()
    {
        var draws = CmdStanCsv.Read([
            SharedData.RequireFile("reference/stan_diagnostics/blocker.1.csv"),
            SharedData.RequireFile("reference/stan_diagnostics/blocker.2.csv"),
        ]);
        var lines = File.ReadAllLines(SharedData.RequireFile("reference/stan_diagnostics/reference_posterior.csv"));
        var columns = lines[0].Split(',').Select(c => c.Trim('"')).ToArray();
        var failures = new List<string>();
        var checkedValues = 0;
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            var name = fields[0].Trim('"');
            var index = draws.ParameterNames.ToList().IndexOf(name);
            var chains = index >= 0 ? draws.Parameter(index) : draws.Statistic(name) ?? throw new InvalidOperationException($"No {name}");
            var summary = Diagnostics.Summarize(name, chains);
            for (var c = 1; c < columns.Length; c++)
            {
                var expected = double.Parse(fields[c], CultureInfo.InvariantCulture);
                var actual = Value(columns[c], summary, chains);
                checkedValues++;
                if (!(Math.Abs(expected - actual) <= 1e-8))
                {
                    failures.Add($"{name} {columns[c]}: expected {expected:R}, got {actual:R}");
                }
            }
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedValues} values differ:\n" + string.Join("\n", failures.Take(40)));
        Assert.True(checkedValues > 700);
    }

    private static double Value(string column, ParameterSummary s, double[][] chains) => column switch
    {
        "rhat_rank" => s.Rhat,
        "rhat_raw" => s.RhatRaw,
        "ess_bulk" => s.EssBulk,
        "ess_tail" => s.EssTail,
        "ess_mean" => s.EssMean,
        "ess_sd" => s.EssSd,
        "ess_median" => s.EssMedian,
        "ess_raw" => s.EssRaw,
        "ess_quantile01" => Diagnostics.EssQuantile(chains, 0.01),
        "ess_quantile10" => Diagnostics.EssQuantile(chains, 0.1),
        "ess_quantile30" => Diagnostics.EssQuantile(chains, 0.3),
        "mcse_mean" => s.McseMean,
        "mcse_sd" => s.McseSd,
        "mcse_median" => s.McseMedian,
        "mcse_quantile01" => Diagnostics.McseQuantile(chains, 0.01),
        "mcse_quantile10" => Diagnostics.McseQuantile(chains, 0.1),
        "mcse_quantile30" => Diagnostics.McseQuantile(chains, 0.3),
        _ => throw new InvalidOperationException($"Unknown column {column}"),
    };
}
