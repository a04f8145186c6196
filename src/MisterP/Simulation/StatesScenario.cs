using MisterP.Data;
using MisterP.Numerics;

namespace MisterP.Simulation;

/// <summary>
/// The states demo's world: a simulated adult population of the 50 US states in cells state × eth × male × age ×
/// educ (12,000 cells, as the ACS table of the MRP case study), state-level predictors, a known opinion model
/// (the seed talk's multilevel logistic model with the effects stated below) and an opt-out selection rule biased
/// like the CCES biased sample of the case study (mostly men, older people, White and Republican-leaning states).
/// Selection depends only on the cell: missing at random given the strata.
/// </summary>
public static class StatesScenario
{
    public const string Outcome = "abortion";

    /// <summary>The seed talk's model (Bambi writes it with <c>p(abortion, n)</c> on aggregated cells; the posterior is the same).</summary>
    public const string TrueFormula =
        "abortion ~ (1|state) + (1|eth) + (1|educ) + male + repvote + (1|male:eth) + (1|educ:age) + (1|educ:eth)";

    public static readonly string[] Ages = ["18-29", "30-39", "40-49", "50-59", "60-69", "70+"];

    public static readonly string[] Educations = ["No HS", "HS", "Some college", "4-Year College", "Post-grad"];

    /// <summary>
    /// The true effects: fixed effects, every group sd, and the main ethnic and education effects level by level
    /// (state effects and the three interactions are drawn from their sds with the scenario's seed). Men and
    /// Republican states support more, Black and highly educated adults less — the direction of the CCES question
    /// "allow employers to decline abortion coverage"; the national truth is near the CCES figure (about 0.43).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> TrueEffects = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["b_Intercept"] = -1.55,
        ["b_male"] = 0.5,
        ["b_repvote"] = 2.2,
        ["sd_state"] = 0.25,
        ["sd_eth"] = 0.4,
        ["sd_educ"] = 0.25,
        ["sd_male:eth"] = 0.15,
        ["sd_educ:age"] = 0.2,
        ["sd_educ:eth"] = 0.15,
        ["r_eth[White]"] = 0.3,
        ["r_eth[Black]"] = -0.6,
        ["r_eth[Hispanic]"] = -0.2,
        ["r_eth[Other]"] = -0.1,
        ["r_educ[No HS]"] = 0.15,
        ["r_educ[HS]"] = 0.2,
        ["r_educ[Some college]"] = 0.05,
        ["r_educ[4-Year College]"] = -0.15,
        ["r_educ[Post-grad]"] = -0.35,
    };

    /// <summary>
    /// Relative propensity to opt in, per cell: the MRP case study's rule for its non-representative CCES sample,
    /// 5·repvote + {0.5, 1, 2, 4, 6, 8 by age group} + 20·male + 1.05·White (Lopez-Martin, Phillips &amp; Gelman,
    /// "MRP Case Studies", ch. 1), with the male term applied to the ±0.5 coding as intended.
    /// </summary>
    public const string Selection =
        "5 * repvote + CASE age WHEN '18-29' THEN 0.5 WHEN '30-39' THEN 1 WHEN '40-49' THEN 2 WHEN '50-59' THEN 4 " +
        "WHEN '60-69' THEN 6 ELSE 8 END + 20 * (male > 0)::INT + 1.05 * (eth = 'White')::INT";

    public const int SampleSize = 5_000;

    // Age structure of adults by ethnicity (White, Black, Hispanic, Other): Hispanic and Other adults are younger.
    private static readonly double[][] AgeShares =
    [
        [0.17, 0.15, 0.15, 0.18, 0.18, 0.17],
        [0.25, 0.18, 0.16, 0.17, 0.13, 0.11],
        [0.29, 0.22, 0.19, 0.15, 0.09, 0.06],
        [0.27, 0.21, 0.18, 0.15, 0.11, 0.08],
    ];

    // Education by ethnicity (No HS, HS, Some college, 4-Year College, Post-grad), then tilted by age below.
    private static readonly double[][] EducationShares =
    [
        [0.07, 0.27, 0.30, 0.22, 0.14],
        [0.13, 0.31, 0.33, 0.15, 0.08],
        [0.29, 0.29, 0.25, 0.12, 0.05],
        [0.10, 0.20, 0.25, 0.27, 0.18],
    ];

    // The young have not finished degrees yet; the oldest left school earlier.
    private static readonly double[][] EducationByAge =
    [
        [1.0, 1.1, 1.3, 0.9, 0.4],
        [0.9, 0.9, 1.0, 1.15, 1.2],
        [0.9, 0.95, 1.0, 1.05, 1.15],
        [1.0, 1.05, 0.95, 0.95, 1.0],
        [1.1, 1.05, 0.95, 0.95, 1.0],
        [1.6, 1.2, 0.8, 0.8, 0.9],
    ];

    /// <summary>Men's share of adults by age group (women live longer).</summary>
    private static readonly double[] MaleShare = [0.51, 0.50, 0.495, 0.49, 0.475, 0.43];

    /// <summary>
    /// The population table: one row per cell (state, eth, male ±0.5, age, educ) with its adult count <c>n</c>.
    /// Counts follow each state's size and ethnic mix with the age and education structure above, times
    /// log-normal noise per state × education (sd 0.15) and per cell (sd 0.25), so states differ beyond their mix.
    /// </summary>
    public static DataTable Population(ulong seed)
    {
        var random = new Xoshiro256(seed);
        var states = UsStates.All;
        var cellCount = states.Count * UsStates.Ethnicities.Length * 2 * Ages.Length * Educations.Length;
        var state = new string[cellCount];
        var eth = new string[cellCount];
        var male = new double[cellCount];
        var age = new string[cellCount];
        var educ = new string[cellCount];
        var n = new double[cellCount];
        var i = 0;
        foreach (var s in states)
        {
            var stateEducation = Educations.Select(_ => Math.Exp(0.15 * random.Normal())).ToArray();
            for (var e = 0; e < UsStates.Ethnicities.Length; e++)
            {
                for (var sex = 0; sex < 2; sex++)
                {
                    for (var a = 0; a < Ages.Length; a++)
                    {
                        var educationShares = Normalized(EducationShares[e].Select((share, d) => share * EducationByAge[a][d] * stateEducation[d]));
                        var sexShare = sex == 0 ? 1 - MaleShare[a] : MaleShare[a];
                        for (var d = 0; d < Educations.Length; d++)
                        {
                            var expected = s.AdultsThousands * 1000 * s.EthnicShares[e] / 100 * sexShare * AgeShares[e][a] * educationShares[d];
                            state[i] = s.Abbreviation;
                            eth[i] = UsStates.Ethnicities[e];
                            male[i] = sex == 0 ? -0.5 : 0.5;
                            age[i] = Ages[a];
                            educ[i] = Educations[d];
                            n[i] = Math.Round(expected * Math.Exp(0.25 * random.Normal() - 0.5 * 0.25 * 0.25));
                            i++;
                        }
                    }
                }
            }
        }

        return new DataTable(
        [
            new TextColumn("state", state),
            new TextColumn("eth", eth),
            new NumericColumn("male", male),
            new TextColumn("age", age),
            new TextColumn("educ", educ),
            new NumericColumn("n", n),
        ]);
    }

    /// <summary>State-level predictors (joined on <c>state</c>): repvote and region.</summary>
    public static DataTable StatePredictors() => new(
    [
        new TextColumn("state", UsStates.All.Select(s => s.Abbreviation).ToArray()),
        new NumericColumn("repvote", UsStates.All.Select(s => s.RepublicanVote).ToArray()),
        new TextColumn("region", UsStates.All.Select(s => s.Region).ToArray()),
    ]);

    /// <summary>
    /// Settings for <see cref="SurveySimulator"/>: the opt-out sample of <paramref name="size"/> respondents with
    /// outcomes from the true model, and the population truth by state and nationally.
    /// </summary>
    public static SimulationOptions Survey(ulong seed, int size = SampleSize) => new()
    {
        Weight = "n",
        Select = Selection,
        Size = size,
        Seed = seed,
        TruthFormula = TrueFormula,
        Effects = TrueEffects,
        By = [["state"], []],
    };

    private static double[] Normalized(IEnumerable<double> values)
    {
        var array = values.ToArray();
        var total = array.Sum();
        return array.Select(v => v / total).ToArray();
    }
}
