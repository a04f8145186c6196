using MisterP.Compare;

namespace MisterP.Workflow;

/// <summary>Raw vs MRP vs truth for the groups of one grouping set (empty = the whole population), as written to its CMP.csv.</summary>
public sealed record DemoComparison(IReadOnlyList<string> By, IReadOnlyList<GroupComparison> Rows, ComparisonSummary Summary);

/// <summary>
/// Everything the demo wrote, by path, with the text its report must carry — what a report or plot step needs:
/// the fit folders, the estimates (EST.csv of <c>mrp poststrat</c>) and one comparison file per grouping set (CMP.csv
/// of <c>mrp compare</c>).
/// </summary>
public sealed record DemoArtifacts(
    string Root,
    string Title,
    IReadOnlyList<string> Notes,
    string SampleFile,
    string FrameFile,
    IReadOnlyList<(IReadOnlyList<string> By, string File)> ComparisonFiles)
{
    public string DataDirectory => Path.Combine(Root, "data");

    public string SamplePath => Path.Combine(Root, SampleFile);

    public string FramePath => Path.Combine(Root, FrameFile);

    public string ExploratoryFit => Path.Combine(Root, "fits", "exploratory");

    public string MultilevelFit => Path.Combine(Root, "fits", "multilevel");

    public const string ReportFile = "report.html";

    public string EstimatesPath => Path.Combine(Root, "estimates.csv");

    /// <summary>The self-contained HTML report of the run.</summary>
    public string ReportPath => Path.Combine(Root, ReportFile);

    /// <summary>The CMP.csv of each grouping set, the whole population first.</summary>
    public IReadOnlyList<(IReadOnlyList<string> By, string Path)> ComparisonPaths =>
        ComparisonFiles.Select(c => (c.By, Path.Combine(Root, c.File))).ToList();
}

/// <summary>What the demo produced: its files, both fits, and raw vs MRP vs truth per grouping set.</summary>
public sealed record DemoResult(IDemoScenario Scenario, DemoArtifacts Artifacts, MrpFit Exploratory, MrpFit Multilevel, IReadOnlyList<DemoComparison> Comparisons)
{
    public string OutputDirectory => Artifacts.Root;

    /// <summary>Wall time of the whole run.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>The whole-population row.</summary>
    public GroupComparison Overall => Comparisons.First(c => c.By.Count == 0).Rows[0];

    /// <summary>The comparisons of the grouping sets other than the whole population.</summary>
    public IEnumerable<DemoComparison> Groups => Comparisons.Where(c => c.By.Count > 0);

    /// <summary>Accuracy over every group of every set except the whole population.</summary>
    public ComparisonSummary Accuracy => ComparisonSummary.Of(Groups.SelectMany(c => c.Rows).ToList());
}
