using MisterP.Poststrat;

namespace MisterP.Cli;

/// <summary>What <c>mrp poststrat</c> prints: the estimates (first rows of each set) and any new levels.</summary>
internal static class PoststratReport
{
    private const int RowsPerSet = 60;

    public static void Print(CliContext context, PoststratResult result, string path)
    {
        var o = context.Output;
        foreach (var set in result.Estimates.GroupBy(e => e.By))
        {
            var table = new TextTable("group", "estimate", "sd", "lower", "upper", "population");
            foreach (var e in set.Take(RowsPerSet))
            {
                var name = e.Keys.Count == 0 ? GroupingSet.Everyone : string.Join(", ", e.Keys.Values);
                table.Add(name, TextTable.Number(e.Estimate), TextTable.Number(e.Sd), TextTable.Number(e.Lower), TextTable.Number(e.Upper), TextTable.Count(e.Population));
            }

            o.WriteLine($"by {set.Key}:");
            table.Write(o);
            if (set.Count() > RowsPerSet)
            {
                o.WriteLine($"… {set.Count() - RowsPerSet} more rows in {path}.");
            }

            o.WriteLine();
        }

        if (result.NewLevels.Count > 0)
        {
            o.WriteLine($"{result.NewLevels.Count} frame level(s) never seen in fitting got effects drawn from their group's fitted distribution: " +
                        string.Join(", ", result.NewLevels.Take(20).Select(l => $"{l.Term}={l.Level}")) + (result.NewLevels.Count > 20 ? ", …" : "."));
        }

        o.WriteLine($"Post-stratified {result.FrameRows:N0} frame cells × {result.DrawCount:N0} draws; wrote {Path.GetFullPath(path)}.");
    }
}
