using System.Globalization;
using MisterP.Data;

namespace MisterP.Simulation;

/// <summary>
/// The demo's tracking survey: a SaaS company asks a few hundred customers a month, for 24 monthly waves, whether
/// they are satisfied, and anyone may ignore the invitation (opt-out: small, new, low-tier customers answer less). True
/// satisfaction drifts as a slow random walk and has one real dip — an outage-like event that hits in months 15–17,
/// half-recovered in month 18 and gone from month 19, hardest on the Free plan. The customer base is known for every
/// month including month 25, after the last wave, which has no respondents: its estimate is a nowcast. The world
/// follows the shape of the shared waves set (shared/data/waves/PROVENANCE.md) with fewer strata, so the demo runs in
/// seconds; its numbers are this generator's own.
/// </summary>
public sealed class WavesScenario
{
    public static readonly string[] Plans = ["Free", "Starter", "Pro", "Enterprise"];
    public static readonly string[] Sizes = ["001-050", "051-500", "500+"];
    public static readonly string[] Tenures = ["0-6m", "6-24m", "2y+"];

    /// <summary>Waves with respondents; the frame has one month more (the nowcast).</summary>
    public const int Waves = 24;

    /// <summary>The first and last month of the dip (1-based waves); the month after it is half-recovered.</summary>
    public const int DipFirst = 15;

    public const int DipLast = 17;

    private static readonly double[] PlanEffect = [-0.6, -0.2, 0.3, 0.6];
    private static readonly double[] SizeEffect = [-0.2, 0.0, 0.2];
    private static readonly double[] TenureEffect = [-0.4, 0.05, 0.2];
    private static readonly double[] DipDepth = [-0.8, -0.5, -0.5, -0.5];
    private const double BaseLogOdds = 0.2;
    private const double TrendStepSd = 0.05;

    private static readonly double[] PlanShare = [0.45, 0.30, 0.18, 0.07];
    private static readonly double[] PlanGrowth = [0.02, 0.01, 0.005, 0.002];
    private static readonly double[] SizeShare = [0.6, 0.3, 0.1];
    private static readonly double[] TenureShare = [0.3, 0.4, 0.3];
    private const double FirstMonthCustomers = 40_000;

    // Relative propensity to answer (missing at random given the strata), scaled each month to the expected sample.
    private static readonly double[] PlanResponse = [0.4, 1, 2, 3];
    private static readonly double[] SizeResponse = [0.6, 1.2, 2];
    private static readonly double[] TenureResponse = [0.5, 1, 1];
    private const double RespondentsPerWave = 280;

    private WavesScenario(DataTable customerBase, DataTable survey)
    {
        CustomerBase = customerBase;
        Survey = survey;
    }

    /// <summary>One row per month and stratum: month, wave, plan, size, tenure, n (customers), p (true P(satisfied)).</summary>
    public DataTable CustomerBase { get; }

    /// <summary>One row per respondent: month, wave, plan, size, tenure, satisfied (0/1).</summary>
    public DataTable Survey { get; }

    /// <summary><c>2024-01</c> … for waves 1 …</summary>
    public static string Month(int wave) => new DateOnly(2024, 1, 1).AddMonths(wave - 1).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The dip's share of its full depth in <paramref name="wave"/>: 1 in months 15–17, 0.5 in month 18, else 0.</summary>
    public static double DipShape(int wave) => wave is >= DipFirst and <= DipLast ? 1 : wave == DipLast + 1 ? 0.5 : 0;

    public static WavesScenario Simulate(int seed = 2026)
    {
        var random = new Random(seed);
        var trend = new double[Waves + 2];
        for (var t = 1; t <= Waves + 1; t++)
        {
            trend[t] = trend[t - 1] + TrendStepSd * Normal(random);
        }

        var cells = new List<(int Wave, int Plan, int Size, int Tenure, double Customers, double P)>();
        var survey = new List<(int Wave, int Plan, int Size, int Tenure, int Satisfied)>();
        for (var t = 1; t <= Waves + 1; t++)
        {
            var month = new List<(int Wave, int Plan, int Size, int Tenure, double Customers, double P, double Weight)>();
            for (var p = 0; p < Plans.Length; p++)
            {
                for (var s = 0; s < Sizes.Length; s++)
                {
                    for (var k = 0; k < Tenures.Length; k++)
                    {
                        var customers = Math.Max(1, Math.Round(FirstMonthCustomers * PlanShare[p] * Math.Pow(1 + PlanGrowth[p], t - 1) * SizeShare[s] * TenureShare[k]));
                        var logOdds = BaseLogOdds + PlanEffect[p] + SizeEffect[s] + TenureEffect[k] + trend[t] + DipDepth[p] * DipShape(t);
                        month.Add((t, p, s, k, customers, 1 / (1 + Math.Exp(-logOdds)), PlanResponse[p] * SizeResponse[s] * TenureResponse[k]));
                    }
                }
            }

            // Each customer answers independently; the rate is scaled so a wave expects RespondentsPerWave answers.
            var scale = RespondentsPerWave / month.Sum(c => c.Customers * c.Weight);
            foreach (var c in month)
            {
                cells.Add((c.Wave, c.Plan, c.Size, c.Tenure, c.Customers, c.P));
                for (var i = 0; t <= Waves && i < c.Customers; i++)
                {
                    if (random.NextDouble() < scale * c.Weight)
                    {
                        survey.Add((c.Wave, c.Plan, c.Size, c.Tenure, random.NextDouble() < c.P ? 1 : 0));
                    }
                }
            }
        }

        var customerBase = new DataTable(
        [
            new TextColumn("month", cells.Select(c => Month(c.Wave)).ToArray()),
            new NumericColumn("wave", cells.Select(c => (double)c.Wave).ToArray()),
            new TextColumn("plan", cells.Select(c => Plans[c.Plan]).ToArray()),
            new TextColumn("size", cells.Select(c => Sizes[c.Size]).ToArray()),
            new TextColumn("tenure", cells.Select(c => Tenures[c.Tenure]).ToArray()),
            new NumericColumn("n", cells.Select(c => c.Customers).ToArray()),
            new NumericColumn("p", cells.Select(c => c.P).ToArray()),
        ]);
        var surveyTable = new DataTable(
        [
            new TextColumn("month", survey.Select(x => Month(x.Wave)).ToArray()),
            new NumericColumn("wave", survey.Select(x => (double)x.Wave).ToArray()),
            new TextColumn("plan", survey.Select(x => Plans[x.Plan]).ToArray()),
            new TextColumn("size", survey.Select(x => Sizes[x.Size]).ToArray()),
            new TextColumn("tenure", survey.Select(x => Tenures[x.Tenure]).ToArray()),
            new NumericColumn("satisfied", survey.Select(x => (double)x.Satisfied).ToArray()),
        ]);
        return new WavesScenario(customerBase, surveyTable);
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
