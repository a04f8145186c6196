using System.Globalization;
using MisterP.Checking;
using MisterP.Data;
using MisterP.Output;
using MisterP.Poststrat;

namespace MisterP.Workflow;

/// <summary>
/// <c>mrp poststrat DIR1 DIR2 … --stack</c>: the fits' stacking weights (computed from their PSIS-LOO as <c>mrp loo</c>
/// does, or read from <c>mrp loo --out weights.csv</c>), checks that the fits can be stacked, and the post-stratified
/// mixture (<see cref="PoststratMixture"/>).
/// </summary>
public static class FitStacking
{
    /// <summary>Names of the fits as <c>mrp loo</c> prints them (folder names, or whole paths when two share one).</summary>
    public static IReadOnlyList<string> Names(IReadOnlyList<string> dirs)
    {
        var names = dirs.Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(d))).ToArray();
        return names.Distinct().Count() == names.Length ? names : dirs;
    }

    /// <summary>Stacking weights of the fits' PSIS-LOO over respondents (loo_model_weights(method = "stacking")).</summary>
    public static IReadOnlyList<double> ComputeWeights(IReadOnlyList<string> dirs) =>
        ModelWeights.Stacking(FitChecking.Loo(dirs, LooUnit.Respondent).Select(m => m.Loo).ToList());

    /// <summary>
    /// The weights of <paramref name="names"/> from a CSV written by <c>mrp loo --out</c> (its <c>weight_*</c> rows; one
    /// method), or from any CSV with <c>model,weight</c> columns.
    /// </summary>
    public static IReadOnlyList<double> ReadWeights(string path, IReadOnlyList<string> names)
    {
        var table = CsvTable.Read(path, "--weights");
        var found = new Dictionary<string, double>(StringComparer.Ordinal);
        string Text((int Line, string[] Fields) row, string column) => row.Fields[table.IndexOf(column)];
        if (table.Has("quantity"))
        {
            table.Require(["model", "quantity", "estimate"], "a weights file of mrp loo --out");
            var methods = table.Rows.Select(r => Text(r, "quantity")).Where(q => q.StartsWith("weight_", StringComparison.Ordinal)).Distinct().ToList();
            if (methods.Count != 1)
            {
                throw new UserInputException(
                    $"--weights {path} must hold one method's weights (weight_* rows of mrp loo --out); it has {(methods.Count == 0 ? "none" : string.Join(", ", methods))}.");
            }

            foreach (var row in table.Rows.Where(r => Text(r, "quantity") == methods[0]))
            {
                found[Text(row, "model")] = table.Number(row, "estimate");
            }
        }
        else
        {
            table.Require(["model", "weight"], "a weights file (model,weight columns, or mrp loo --out)");
            foreach (var row in table.Rows)
            {
                found[Text(row, "model")] = table.Number(row, "weight");
            }
        }

        var missing = names.Where(n => !found.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            throw new UserInputException(
                $"--weights {path} has no weight for {string.Join(", ", missing.Select(m => $"'{m}'"))} (it has {string.Join(", ", found.Keys.Select(k => $"'{k}'"))}); " +
                "write it with mrp loo over the same fit folders, or leave --weights out to compute the weights.");
        }

        var weights = names.Select(n => found[n]).ToList();
        var total = weights.Sum();
        if (weights.Any(w => !(w >= 0)) || !(total > 0))
        {
            throw new UserInputException($"--weights {path}: weights must be non-negative numbers with a positive sum.");
        }

        // Rounded weights in a file need not sum to exactly 1.
        return weights.Select(w => w / total).ToList();
    }

    /// <summary>
    /// Refuses fits that cannot be stacked: fitted to different data (rows used and dropped, mean outcome), or whose frame columns are
    /// not all in <paramref name="frame"/> (naming each fit's missing columns).
    /// </summary>
    public static void CheckStackable(IReadOnlyList<SavedFit> fits, IReadOnlyList<string> names, ITableSource frame)
    {
        // The data's fingerprint rather than its path, which the same file can be given by in many spellings.
        static string Data(SavedFit f)
        {
            var data = f.Model.GetProperty("data");
            var mean = f.Model.TryGetProperty("cells", out var cells) && cells.ValueKind == System.Text.Json.JsonValueKind.Object &&
                       cells.TryGetProperty("response_mean", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.Number
                ? $", mean outcome {m.GetDouble().ToString("R", CultureInfo.InvariantCulture)}"
                : "";
            return $"{data.GetProperty("rows_used").GetInt64().ToString(CultureInfo.InvariantCulture)} rows used" +
                   $" ({data.GetProperty("rows_dropped_missing").GetInt64().ToString(CultureInfo.InvariantCulture)} dropped for missing values){mean}";
        }

        for (var i = 1; i < fits.Count; i++)
        {
            if (Data(fits[i]) != Data(fits[0]))
            {
                throw new UserInputException(
                    $"'{names[0]}' and '{names[i]}' were fitted to different data ({Data(fits[0])} vs {Data(fits[i])}); a stack averages models of the same respondents.");
            }

            if (fits[i].Draws is null)
            {
                throw new UserInputException($"'{names[i]}' has no posterior draws (--method ml); a stack mixes posterior draws.");
            }
        }

        var columns = frame.Schema.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        var missing = fits.Select((f, i) => (Name: names[i], Columns: f.Recipe.RequiredColumns.Where(c => !columns.Contains(c)).ToList())).Where(m => m.Columns.Count > 0).ToList();
        if (missing.Count > 0)
        {
            var all = fits.SelectMany(f => f.Recipe.RequiredColumns).Distinct().ToList();
            throw new UserInputException(
                "The fits' frames need different columns and this frame lacks some: " +
                string.Join("; ", missing.Select(m => $"'{m.Name}' needs {string.Join(", ", m.Columns)}")) +
                $". A stack post-stratifies every fit over one frame, so it must have every fit's columns ({string.Join(", ", all)}); add them (--join FILE --on KEY) or stack fits of the same columns.");
        }
    }

    /// <summary>Each fit post-stratified over <paramref name="frame"/> (per-draw values kept), then mixed by <paramref name="weights"/>.</summary>
    public static PoststratResult Poststratify(IReadOnlyList<SavedFit> fits, IReadOnlyList<double> weights, ITableSource frame, PoststratOptions options,
        CancellationToken cancellationToken = default)
    {
        var results = fits.Select(f =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            return f.Poststratify(frame, options with { KeepDraws = true }, null, cancellationToken);
        }).ToList();
        var mixed = PoststratMixture.Mix(results, weights, options.Seed);
        if (options.KeepDraws)
        {
            return mixed;
        }

        return mixed with { Estimates = mixed.Estimates.Select(e => e with { Draws = null }).ToList(), Contrasts = mixed.Contrasts.Select(c => c with { Draws = null }).ToList() };
    }
}
