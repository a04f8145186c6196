using System.Globalization;
using MisterP.Data;
using MisterP.Workflow;
using Xunit;

namespace MisterP.Tests.Optimization;

/// <summary>
/// Issue 5's acceptance for <c>--method laplace</c> on the seed talk's model and the biased CCES sample, against the
/// rstanarm posterior (../shared/reference/mrp/, which MisterP's NUTS matches): with the shipped defaults (4,000 draws).
/// </summary>
public class NestedLaplaceReferenceTests
{
    private const string Formula = "abortion ~ male + repvote + (1|state) + (1|eth) + (1|educ) + (1|male:eth) + (1|educ:age) + (1|educ:eth)";

    /// <summary>
    /// Fixed effects, and the group sds whose reference posterior is away from zero — mean more than two posterior
    /// sds (sd_state 2.7, sd_educ:age 4.1; the others are at most 1.3, with 5% quantiles 0.007–0.049): each
    /// |mean − mean_ref| ≤ 0.1·sd_ref, as the issue states. Post-stratified state estimates: the same 0.1·sd_ref on
    /// the mean, the target the issue sets for parameters applied to the estimands MRP reports — its Monte Carlo part
    /// is √(1/ESS_ref + 1/ESS) ≈ 0.03 sd with ESS ≥ 2,000 on both sides (rstanarm's 4,000 draws; here the importance
    /// ESS ≈ 2,900), so even the largest of 50 differences leaves three Monte Carlo sds of room — and sd within 10%
    /// (DESIGN §7; its Monte Carlo error is about 2%).
    /// </summary>
    [Fact]
    public void MatchesTheReferencePosteriorAndPoststratifiesLikeIt()
    {
        var fit = Mrp.Fit(SharedData.RequireFile("data/cces2018/sample_biased5000_seed1010.csv"), Formula, new FitOptions { Method = FitMethod.Laplace });
        Assert.Empty(fit.Warnings);
        var summary = fit.Summary!.ToDictionary(p => p.Name);
        var reference = ReadCsv("reference/mrp/rstanarm_cces_biased5000_summary.csv", "parameter");
        var checkedSds = new List<string>();
        foreach (var (name, row) in reference)
        {
            var (mean, sd) = (row["mean"], row["sd"]);
            var identified = name.StartsWith("b_", StringComparison.Ordinal) || (name.StartsWith("sd_", StringComparison.Ordinal) && mean > 2 * sd);
            if (!identified)
            {
                continue;
            }

            if (name.StartsWith("sd_", StringComparison.Ordinal))
            {
                checkedSds.Add(name);
            }

            var laplace = summary[name].Mean;
            Assert.True(Math.Abs(laplace - mean) <= 0.1 * sd, $"{name}: Laplace mean {laplace:F4}, reference {mean:F4} ± {sd:F4}");
        }

        Assert.Equal(["sd_state__Intercept", "sd_educ:age__Intercept"], checkedSds);

        using var frame = TableSources.Open(SharedData.RequireFile("data/cces2018/poststrat_cces_full.csv"));
        var states = fit.Poststratify(frame, "n", ["state"]).Estimates.ToDictionary(e => e.Keys["state"]);
        var referenceStates = ReadCsv("reference/mrp/rstanarm_cces_biased5000_state.csv", "state");
        Assert.Equal(50, referenceStates.Count);
        foreach (var (state, row) in referenceStates)
        {
            var estimate = states[state];
            Assert.True(Math.Abs(estimate.Estimate - row["estimate"]) <= 0.1 * row["sd"], $"{state}: {estimate.Estimate:F4} vs reference {row["estimate"]:F4} ± {row["sd"]:F4}");
            Assert.InRange(estimate.Sd / row["sd"], 0.9, 1.1);
        }
    }

    private static Dictionary<string, Dictionary<string, double>> ReadCsv(string file, string key)
    {
        var lines = File.ReadAllLines(SharedData.RequireFile(file));
        var header = Split(lines[0]);
        return lines.Skip(1).Select(Split).ToDictionary(
            f => f[Array.IndexOf(header, key)],
            f => header.Select((h, i) => (h, i)).Where(c => c.h != key && double.TryParse(f[c.i], CultureInfo.InvariantCulture, out _))
                .ToDictionary(c => c.h, c => double.Parse(f[c.i], CultureInfo.InvariantCulture)));
    }

    /// <summary>Comma-separated fields, quotes removed (r_ names hold a comma inside quotes).</summary>
    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields.ToArray();
    }
}
