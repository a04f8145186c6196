using MisterP.Data;

namespace MisterP.Simulation;

/// <summary>
/// A SaaS customer base answering "How likely are you to recommend us to a colleague?" on 0–10, with an opt-out
/// survey: each customer's answer comes from a cumulative logit, P(answer ≤ k) = σ(c_k − η), with η by plan, region,
/// company size and tenure, and the chance of answering depends on plan, size and tenure (small, new, free customers
/// answer less — and recommend less, so the raw survey's NPS is too high). Non-response is missing at random given
/// the strata, which post-stratifying an ordinal model corrects. The truth is the NPS (% 9–10 minus % 0–6) of every
/// customer's answer, per stratum.
/// </summary>
public sealed class NpsScenario
{
    // Thresholds c_0 … c_9 on the logit scale: at η = 0 a third are detractors (0–6) and about a fifth promoters (9–10),
    // the shape of typical B2B SaaS answers (many 7s and 8s, few answers below 5).
    private static readonly double[] Thresholds = [-4.0, -3.5, -3.0, -2.5, -2.0, -1.4, -0.7, 0.2, 1.2, 2.3];

    // Effects on η: paying, larger, longer-tenured customers recommend more.
    private static readonly double[] PlanEffect = [-0.7, -0.2, 0.3, 0.8];
    private static readonly double[] RegionEffect = [-0.2, 0.1, -0.1, 0.2];
    private static readonly double[] SizeEffect = [-0.4, -0.15, 0.1, 0.3, 0.4];
    private static readonly double[] TenureEffect = [-0.5, -0.1, 0.2, 0.45];

    // Log-odds of answering, by stratum (missing at random given the strata).
    private static readonly double[] PlanResponse = [-1.2, -0.5, 0.3, 0.9];
    private static readonly double[] SizeResponse = [-0.8, -0.4, 0.1, 0.4, 0.7];
    private static readonly double[] TenureResponse = [-0.9, -0.3, 0.2, 0.5];
    private const double BaseResponse = -2.0;

    private static readonly double[] PlanShare = [0.45, 0.30, 0.18, 0.07];
    private static readonly double[] RegionShare = [0.2, 0.3, 0.1, 0.4];
    private static readonly double[] SizeShare = [0.4, 0.27, 0.18, 0.1, 0.05];
    private static readonly double[] TenureShare = [0.3, 0.2, 0.25, 0.25];

    private NpsScenario(DataTable customerBase, DataTable survey)
    {
        CustomerBase = customerBase;
        Survey = survey;
    }

    /// <summary>One row per stratum: plan, region, size, tenure, n (customers), nps (of all its customers' answers, −100…100).</summary>
    public DataTable CustomerBase { get; }

    /// <summary>One row per respondent: plan, region, size, tenure, recommend (0–10).</summary>
    public DataTable Survey { get; }

    /// <summary>Simulates a customer base of about <paramref name="customers"/> customers and its opt-out survey.</summary>
    public static NpsScenario Simulate(int customers = 60_000, int seed = 2026)
    {
        var random = new Random(seed);
        var cells = new List<(int Plan, int Region, int Size, int Tenure, int Customers, double Nps)>();
        var survey = new List<(int Plan, int Region, int Size, int Tenure, int Answer)>();
        for (var p = 0; p < SaasScenario.Plans.Length; p++)
        {
            for (var r = 0; r < SaasScenario.Regions.Length; r++)
            {
                for (var s = 0; s < SaasScenario.Sizes.Length; s++)
                {
                    for (var t = 0; t < SaasScenario.Tenures.Length; t++)
                    {
                        // Higher plans go with larger companies, as in SaasScenario.
                        var affinity = Math.Exp(-0.5 * Math.Abs(p - (s * 3.0 / 4.0)));
                        var expected = customers * PlanShare[p] * RegionShare[r] * SizeShare[s] * TenureShare[t] * affinity * 1.6;
                        var count = SaasScenario.Poisson(random, expected);
                        var eta = PlanEffect[p] + RegionEffect[r] + SizeEffect[s] + TenureEffect[t];
                        var responseProbability = Logistic(BaseResponse + PlanResponse[p] + SizeResponse[s] + TenureResponse[t]);
                        var net = 0;
                        for (var i = 0; i < count; i++)
                        {
                            var u = random.NextDouble();
                            var answer = Thresholds.Count(c => u > Logistic(c - eta));
                            net += answer >= 9 ? 1 : answer <= 6 ? -1 : 0;
                            if (random.NextDouble() < responseProbability)
                            {
                                survey.Add((p, r, s, t, answer));
                            }
                        }

                        cells.Add((p, r, s, t, count, count == 0 ? 0.0 : 100.0 * net / count));
                    }
                }
            }
        }

        var customerBase = new DataTable(
        [
            new TextColumn("plan", cells.Select(c => SaasScenario.Plans[c.Plan]).ToArray()),
            new TextColumn("region", cells.Select(c => SaasScenario.Regions[c.Region]).ToArray()),
            new TextColumn("size", cells.Select(c => SaasScenario.Sizes[c.Size]).ToArray()),
            new TextColumn("tenure", cells.Select(c => SaasScenario.Tenures[c.Tenure]).ToArray()),
            new NumericColumn("n", cells.Select(c => (double)c.Customers).ToArray()),
            new NumericColumn("nps", cells.Select(c => c.Nps).ToArray()),
        ]);
        var surveyTable = new DataTable(
        [
            new TextColumn("plan", survey.Select(x => SaasScenario.Plans[x.Plan]).ToArray()),
            new TextColumn("region", survey.Select(x => SaasScenario.Regions[x.Region]).ToArray()),
            new TextColumn("size", survey.Select(x => SaasScenario.Sizes[x.Size]).ToArray()),
            new TextColumn("tenure", survey.Select(x => SaasScenario.Tenures[x.Tenure]).ToArray()),
            new NumericColumn("recommend", survey.Select(x => (double)x.Answer).ToArray()),
        ]);
        return new NpsScenario(customerBase, surveyTable);
    }

    private static double Logistic(double x) => 1.0 / (1.0 + Math.Exp(-x));
}
