using MisterP.Data;

namespace MisterP.Simulation;

/// <summary>
/// The demo's customer base: every customer of a SaaS company, stratified by plan tier, region, company size and
/// tenure, with a true satisfaction that varies by stratum, and an opt-out satisfaction survey whose response rate
/// depends on the same strata (small, new, low-tier customers answer less). Non-response is missing at random
/// given the strata — the situation MRP can correct; opt-out driven by satisfaction itself within a stratum is not.
/// </summary>
public sealed class SaasScenario
{
    public static readonly string[] Plans = ["Free", "Starter", "Pro", "Enterprise"];
    public static readonly string[] Regions = ["APAC", "EMEA", "LATAM", "North America"];
    public static readonly string[] Sizes = ["001-010", "011-050", "051-200", "201-1000", "1000+"];
    public static readonly string[] Tenures = ["0-6m", "06-12m", "1-2y", "2y+"];

    // True log-odds of "satisfied" by stratum: the survey's respondents (large, long-tenured, high-tier) are happier
    // than the customers who opt out, so the raw survey mean is biased upwards.
    private static readonly double[] PlanEffect = [-0.6, -0.2, 0.3, 0.7];
    private static readonly double[] RegionEffect = [-0.25, 0.1, -0.15, 0.2];
    private static readonly double[] SizeEffect = [-0.45, -0.2, 0.1, 0.3, 0.45];
    private static readonly double[] TenureEffect = [-0.5, -0.1, 0.2, 0.5];
    private const double BaseLogOdds = 0.1;

    // Log-odds of answering the survey by stratum (missing at random given the strata).
    private static readonly double[] PlanResponse = [-1.2, -0.5, 0.3, 0.9];
    private static readonly double[] SizeResponse = [-0.8, -0.4, 0.1, 0.4, 0.7];
    private static readonly double[] TenureResponse = [-0.9, -0.3, 0.2, 0.5];
    private const double BaseResponse = -2.0;

    // Relative prevalence of each level in the customer base: most customers are small, new and on low tiers.
    private static readonly double[] PlanShare = [0.45, 0.30, 0.18, 0.07];
    private static readonly double[] RegionShare = [0.2, 0.3, 0.1, 0.4];
    private static readonly double[] SizeShare = [0.4, 0.27, 0.18, 0.1, 0.05];
    private static readonly double[] TenureShare = [0.3, 0.2, 0.25, 0.25];

    private SaasScenario(DataTable customerBase, DataTable survey, DataTable truthByPlan, double truthOverall)
    {
        CustomerBase = customerBase;
        Survey = survey;
        TruthByPlan = truthByPlan;
        TruthOverall = truthOverall;
    }

    /// <summary>One row per stratum: plan, region, size, tenure, n (customers), satisfied_share (true share).</summary>
    public DataTable CustomerBase { get; }

    /// <summary>One row per respondent: plan, region, size, tenure, satisfied (0/1).</summary>
    public DataTable Survey { get; }

    /// <summary>True satisfied share among all customers, per plan: plan, truth.</summary>
    public DataTable TruthByPlan { get; }

    /// <summary>True satisfied share among all customers.</summary>
    public double TruthOverall { get; }

    /// <summary>Simulates a customer base of about <paramref name="customers"/> customers and its opt-out survey.</summary>
    public static SaasScenario Simulate(int customers = 60_000, int seed = 2026)
    {
        var random = new Random(seed);
        var cells = new List<(int Plan, int Region, int Size, int Tenure, int Customers, int Satisfied)>();
        var survey = new List<(int Plan, int Region, int Size, int Tenure, int Satisfied)>();
        for (var p = 0; p < Plans.Length; p++)
        {
            for (var r = 0; r < Regions.Length; r++)
            {
                for (var s = 0; s < Sizes.Length; s++)
                {
                    for (var t = 0; t < Tenures.Length; t++)
                    {
                        // Enterprise plans go with larger companies: make the strata correlated as in real customer bases.
                        var affinity = Math.Exp(-0.5 * Math.Abs(p - (s * 3.0 / 4.0)));
                        var expected = customers * PlanShare[p] * RegionShare[r] * SizeShare[s] * TenureShare[t] * affinity * 1.6;
                        var count = Poisson(random, expected);
                        var satisfiedProbability = Logistic(BaseLogOdds + PlanEffect[p] + RegionEffect[r] + SizeEffect[s] + TenureEffect[t]);
                        var responseProbability = Logistic(BaseResponse + PlanResponse[p] + SizeResponse[s] + TenureResponse[t]);
                        var satisfied = 0;
                        for (var i = 0; i < count; i++)
                        {
                            var y = random.NextDouble() < satisfiedProbability ? 1 : 0;
                            satisfied += y;
                            if (random.NextDouble() < responseProbability)
                            {
                                survey.Add((p, r, s, t, y));
                            }
                        }

                        cells.Add((p, r, s, t, count, satisfied));
                    }
                }
            }
        }

        var customerBase = new DataTable(
        [
            new TextColumn("plan", cells.Select(c => Plans[c.Plan]).ToArray()),
            new TextColumn("region", cells.Select(c => Regions[c.Region]).ToArray()),
            new TextColumn("size", cells.Select(c => Sizes[c.Size]).ToArray()),
            new TextColumn("tenure", cells.Select(c => Tenures[c.Tenure]).ToArray()),
            new NumericColumn("n", cells.Select(c => (double)c.Customers).ToArray()),
            new NumericColumn("satisfied_share", cells.Select(c => c.Customers == 0 ? 0.0 : (double)c.Satisfied / c.Customers).ToArray()),
        ]);
        var surveyTable = new DataTable(
        [
            new TextColumn("plan", survey.Select(x => Plans[x.Plan]).ToArray()),
            new TextColumn("region", survey.Select(x => Regions[x.Region]).ToArray()),
            new TextColumn("size", survey.Select(x => Sizes[x.Size]).ToArray()),
            new TextColumn("tenure", survey.Select(x => Tenures[x.Tenure]).ToArray()),
            new NumericColumn("satisfied", survey.Select(x => (double)x.Satisfied).ToArray()),
        ]);
        var byPlan = Enumerable.Range(0, Plans.Length)
            .Select(p => cells.Where(c => c.Plan == p).ToList())
            .Select(list => (double)list.Sum(c => c.Satisfied) / list.Sum(c => c.Customers))
            .ToArray();
        var truthByPlan = new DataTable([new TextColumn("plan", Plans), new NumericColumn("truth", byPlan)]);
        var overall = (double)cells.Sum(c => c.Satisfied) / cells.Sum(c => c.Customers);
        return new SaasScenario(customerBase, surveyTable, truthByPlan, overall);
    }

    private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>Poisson draw by inversion (means here are small to moderate), with a normal approximation for large means.</summary>
    internal static int Poisson(Random random, double mean)
    {
        if (mean > 500)
        {
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * z));
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
