using System.Globalization;
using MisterP.Interpretation;

namespace MisterP.Cli;

/// <summary>What predictions, comparisons and slopes print: what the numbers are, the first rows, notes, and where files went.</summary>
internal static class InterpretationReport
{
    private const int MaxRows = 60;

    public static void Print(CliContext context, InterpretationResult result, string? csv, string? plot)
    {
        var o = context.Output;
        var interval = (result.Interval * 100).ToString("0.##", CultureInfo.InvariantCulture);
        o.WriteLine(result.Bayesian
            ? $"{char.ToUpperInvariant(result.Measure[0])}{result.Measure[1..]}: posterior mean, sd and {interval}% interval over {result.DrawCount:N0} draws."
            : $"{char.ToUpperInvariant(result.Measure[0])}{result.Measure[1..]}: maximum-likelihood estimate, standard error and {interval}% Wald interval (delta method).");
        var weighted = result.Rows.Any(r => r.Weight is not null);
        var headers = result.Columns.Select(c => c.Name)
            .Concat(["estimate", result.Bayesian ? "sd" : "std_error", "lower", "upper"])
            .Concat(weighted ? ["weight"] : Array.Empty<string>()).ToArray();
        var table = new TextTable(headers);
        foreach (var row in result.Rows.Take(MaxRows))
        {
            var s = row.Summary;
            var cells = row.Values.Select((v, i) => result.Columns[i].Numeric ? Short(v) : v)
                .Concat([TextTable.Number(s.Estimate, 4), TextTable.Number(s.Spread, 4), TextTable.Number(s.Lower, 4), TextTable.Number(s.Upper, 4)]);
            if (weighted)
            {
                cells = cells.Append(row.Weight is { } w ? TextTable.Count(w) : string.Empty);
            }

            table.Add(cells.ToArray());
        }

        table.Write(o);
        if (result.Rows.Count > MaxRows)
        {
            o.WriteLine($"… {result.Rows.Count - MaxRows} more rows" + (csv is null ? "; write them all with --out FILE.csv." : $" in {csv}."));
        }

        foreach (var note in result.Notes)
        {
            o.WriteLine($"Note: {note}");
        }

        if (csv is not null)
        {
            o.WriteLine($"Wrote {Path.GetFullPath(csv)}.");
        }

        if (plot is not null)
        {
            o.WriteLine($"Wrote {Path.GetFullPath(plot)}.");
        }
    }

    /// <summary>Grid numbers to 4 significant digits (the CSV keeps them exact).</summary>
    private static string Short(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v.ToString("G4", CultureInfo.InvariantCulture) : value;
}
