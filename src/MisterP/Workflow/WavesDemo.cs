using MisterP.Data;
using MisterP.Inference;
using MisterP.Output;
using MisterP.Simulation;

namespace MisterP.Workflow;

/// <summary>
/// <c>mrp demo --scenario waves</c>: 24 monthly waves of an opt-out satisfaction survey with a real dip in months 15–18
/// and a 25th month with no respondents (<see cref="WavesScenario"/>), post-stratified month by month and per plan and
/// month: the MRP series follows the dip where the raw monthly means jump around.
/// </summary>
public sealed class WavesDemo : IDemoScenario
{
    /// <summary>
    /// The month term of the model: a first-order random walk, so neighbouring months pool with each other rather than
    /// with the grand mean (the dip survives shrinkage), and the month nobody was asked about (the nowcast) is a forecast
    /// that carries the last waves forward with a widening interval, not a fresh draw from the months' distribution.
    /// Its levels come from the survey and the customer base together (the pipeline fits with the frame as levels frame).
    /// </summary>
    public const string MonthTerm = "rw1(month)";

    public string Name => "waves";

    public string Title => "24 monthly waves of a SaaS satisfaction tracker, with a real dip and a nowcast month";

    public string PopulationName => "customer base";

    public string Outcome => "satisfied";

    public string ExploratoryFormula => "satisfied ~ plan + size + tenure";

    public string MultilevelFormula => $"satisfied ~ (1|plan) + (1|size) + (1|tenure) + {MonthTerm} + (1|plan:month)";

    public IReadOnlyList<IReadOnlyList<string>> Groupings { get; } = [["month"], ["month", "plan"]];

    public string? SeriesOver => "month";

    public SamplerOptions Sampler { get; } = new() { Chains = 4, Warmup = 1000, Draws = 1000 };

    public string BiasNote =>
        "Each month a few hundred customers answer, and small, new, Free-plan customers — the least satisfied — answer " +
        "least, so raw monthly means overstate satisfaction and jump with who happened to answer. The model pools months, " +
        "plans and strata, and post-stratifying each month to that month's customer base corrects the mix; the dip in " +
        $"months {WavesScenario.DipFirst}–{WavesScenario.DipLast + 1} is real, and the MRP series follows it. The last month has no respondents: its " +
        "estimate rests on the model alone (a nowcast), hence its wide interval.";

    public string Caveat =>
        "Opt-out driven by satisfaction itself within a stratum — unhappy customers ignoring the survey during the dip more " +
        "than happy ones of the same plan, size and tenure — is beyond any reweighting, and would make the dip look shallower " +
        "than it is.";

    public DemoData Simulate(string dataDirectory, ulong seed)
    {
        var scenario = WavesScenario.Simulate(seed: (int)(seed % int.MaxValue));
        var surveyPath = Path.Combine(dataDirectory, "survey.csv");
        var basePath = Path.Combine(dataDirectory, "customer_base.csv");
        TableCsv.Write(surveyPath, scenario.Survey);
        TableCsv.Write(basePath, scenario.CustomerBase);
        var counts = ((NumericColumn)scenario.CustomerBase["n"]).Values;
        var probabilities = ((NumericColumn)scenario.CustomerBase["p"]).Values;
        var truth = PopulationTruth.PerGroup(scenario.CustomerBase, counts, probabilities, [[], .. Groupings]);
        return new DemoData(surveyPath, basePath, [], "n", truth,
            $"Simulated {WavesScenario.Waves + 1} months of a customer base ({counts.Sum() / (WavesScenario.Waves + 1):N0} customers a month on average, " +
            $"{scenario.CustomerBase.RowCount:N0} month × stratum cells) and {WavesScenario.Waves} opt-out survey waves of {scenario.Survey.RowCount:N0} " +
            $"respondents in all; month {WavesScenario.Month(WavesScenario.Waves + 1)} has none (the nowcast).");
    }
}
