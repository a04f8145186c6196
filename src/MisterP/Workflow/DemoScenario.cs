using MisterP.Data;
using MisterP.Inference;

namespace MisterP.Workflow;

/// <summary>
/// A built-in world for <c>mrp demo</c>: it simulates a population with known truth and a biased sample of it, and
/// names the models to fit. <see cref="DemoPipeline"/> runs every scenario through the same steps.
/// </summary>
public interface IDemoScenario
{
    /// <summary>The <c>--scenario</c> name.</summary>
    string Name { get; }

    /// <summary>One line saying what is simulated.</summary>
    string Title { get; }

    /// <summary>What the post-stratification frame stands for, e.g. "customer base" (for messages).</summary>
    string PopulationName { get; }

    /// <summary>The outcome column of the sample (0/1, or an ordered scale with <see cref="Family"/> cumulative).</summary>
    string Outcome { get; }

    /// <summary>The family both models use, when it is not inferred from the outcome (an ordered scale: cumulative).</summary>
    Families.Family? Family => null;

    /// <summary>
    /// For an ordered outcome, the post-stratified quantity compared with the truth (<c>nps</c>, <c>mean</c>,
    /// <c>top_K</c>); the truth then holds that quantity. Null for a 0/1 outcome, whose estimate is the share.
    /// </summary>
    string? Quantity => null;

    /// <summary>What the exploratory classical fit is, for messages.</summary>
    string ExploratoryKind => "logistic regression";

    /// <summary>The classical model fitted first by maximum likelihood, to explore the data.</summary>
    string ExploratoryFormula { get; }

    /// <summary>The multilevel model fitted by NUTS and post-stratified.</summary>
    string MultilevelFormula { get; }

    /// <summary>Grouping sets estimated besides the whole population (each also compared with the truth).</summary>
    IReadOnlyList<IReadOnlyList<string>> Groupings { get; }

    /// <summary>
    /// An ordered grouping column (a month) whose grouping sets are drawn as time series (<c>mrp plot estimates --over</c>);
    /// null for scenarios without one.
    /// </summary>
    string? SeriesOver => null;

    /// <summary>Sampler settings the scenario was measured with (chains, warmup, draws, target acceptance).</summary>
    SamplerOptions Sampler { get; }

    /// <summary>How the sample is biased, and why post-stratifying the multilevel model corrects it.</summary>
    string BiasNote { get; }

    /// <summary>What no reweighting can fix: opt-out driven by the outcome itself within a stratum.</summary>
    string Caveat { get; }

    /// <summary>Simulates the population and the sample, writing their files into <paramref name="dataDirectory"/>.</summary>
    DemoData Simulate(string dataDirectory, ulong seed);
}

/// <summary>What a scenario simulated: file paths (under the demo's data folder), joins, and the truth per group.</summary>
/// <param name="SamplePath">The survey respondents (one row each, with the outcome).</param>
/// <param name="FramePath">The population cells with their counts in <paramref name="Weight"/>.</param>
/// <param name="Joins">Group-level predictor files joined to both the sample and the frame.</param>
/// <param name="Weight">The frame's count column.</param>
/// <param name="Truth">The truth per group, long format as <see cref="Simulation.PopulationTruth.PerGroup"/> writes it, for every grouping set and the whole population.</param>
/// <param name="Description">One sentence saying what was simulated, with sizes.</param>
public sealed record DemoData(string SamplePath, string FramePath, IReadOnlyList<JoinSpec> Joins, string Weight, DataTable Truth, string Description);
