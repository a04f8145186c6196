using MisterP.Plots;
using MisterP.Poststrat;

namespace MisterP.Reports;

/// <summary>"Data and weighting": the rows the fit used and dropped, its cells, and the frame the estimates weight by.</summary>
internal static class DataSection
{
    public const string Id = "data";

    public static ReportSection Build(FitOverview fit, GroupResults? estimates)
    {
        var source = new List<(string, string)> { ("Data", fit.DataSource) };
        if (fit.Joins.Count > 0)
        {
            source.Add(("Joined", string.Join("; ", fit.Joins)));
        }

        var counts = new List<(string, string)>
        {
            ("Rows used", ReportText.Count(fit.RowsUsed)),
            ("Rows dropped (missing values)", ReportText.Count(fit.RowsDropped)),
            ("Cells", ReportText.Count(fit.Cells) + (fit.Aggregated ? " (identical rows aggregated)" : " (rows kept as they are)")),
        };
        var blocks = new List<ReportBlock> { new FactsBlock(source) };
        if (estimates is null)
        {
            blocks.Add(new FactsBlock(counts, Wide: true));
            blocks.Add(new ParagraphBlock("No estimates given: pass --estimates EST.csv (from mrp poststrat) to show the population frame and the estimates.", Tone.Note));
            return new ReportSection(Id, "Data and weighting", blocks);
        }

        var population = estimates.National?.Population ?? estimates.Groups.Sum(g => g.Population);
        var weighting = new List<(string, string)>(counts)
        {
            ("Population (frame weights)", ReportText.Count(population)),
            ("Estimates by", estimates.Set == GroupingSet.Everyone ? "the whole population" : $"{estimates.Set} ({estimates.Groups.Count} groups)"),
            ("Grouping sets in the file", string.Join(", ", estimates.Sets)),
        };
        if (estimates.Groups.Count > 1 && population > 0)
        {
            var smallest = estimates.Groups.MinBy(g => g.Population)!;
            var largest = estimates.Groups.MaxBy(g => g.Population)!;
            weighting.Add(("Group shares of the population", $"{ReportText.Percent(smallest.Population / population)} ({smallest.Label}) to {ReportText.Percent(largest.Population / population)} ({largest.Label})"));
        }

        blocks.Add(new FactsBlock(weighting, Wide: true));
        if (estimates.HasRaw)
        {
            var empty = estimates.Groups.Where(g => !(g.RawCount > 0)).Select(g => g.Label).ToList();
            blocks.Add(new ParagraphBlock(empty.Count == 0
                ? "Every group has respondents in the sample."
                : $"{empty.Count} group(s) have no respondents ({string.Join(", ", empty.Take(12))}{(empty.Count > 12 ? ", …" : string.Empty)}): their estimates rest on the model and the frame alone."));
        }

        return new ReportSection(Id, "Data and weighting", blocks);
    }
}
