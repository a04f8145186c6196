using MisterP.Compare;

namespace MisterP.Workflow;

/// <summary>One group of the demo's comparison: raw survey mean, MRP estimate with its 90% interval, and the truth.</summary>
public sealed record DemoComparisonRow(
    string Grouping,
    string Level,
    double Raw,
    double RawCount,
    double Mrp,
    double Lower,
    double Upper,
    double Truth,
    double Population);

/// <summary>What the demo produced: its folder, both fits, the comparison rows and their accuracy summary.</summary>
public sealed record DemoResult(
    string OutputDirectory,
    MrpFit Exploratory,
    MrpFit Multilevel,
    IReadOnlyList<DemoComparisonRow> Comparison,
    ComparisonSummary Accuracy)
{
    /// <summary>The whole-population row.</summary>
    public DemoComparisonRow Overall => Comparison.First(r => r.Grouping == "all");
}
