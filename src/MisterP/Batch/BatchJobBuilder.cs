using System.Globalization;
using System.Text.RegularExpressions;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Inference;
using MisterP.Poststrat;
using MisterP.Workflow;

namespace MisterP.Batch;

/// <summary>
/// Turns a manifest entry into a <see cref="BatchJob"/>, checking everything that can be checked without fitting: the id
/// (it names a folder), option values, the formula's syntax, that every file exists, and the <c>where</c> filter.
/// Relative paths are relative to the manifest's folder, so a manifest travels with its data.
/// </summary>
public static partial class BatchJobBuilder
{
    public static BatchJob? Build(BatchEntry entry, string baseFolder, List<string> errors)
    {
        var before = errors.Count;
        void Error(string message) => errors.Add($"{entry.Where}: {message}");

        if (!SafeId().IsMatch(entry.Id))
        {
            Error("the id names the job's folder: use letters, digits, '.', '_' and '-' (starting with a letter or digit), at most 100 characters.");
        }

        var data = Path(entry.Scalar("data"), baseFolder);
        var formula = entry.Scalar("formula");
        var frame = Path(entry.Scalar("frame"), baseFolder);
        if (data is null)
        {
            Error("has no 'data' (set it in the job or in defaults).");
        }

        if (formula is null)
        {
            Error("has no 'formula'.");
        }
        else
        {
            Try(Error, () => FormulaParser.Parse(formula));
        }

        if (frame is null)
        {
            Error("has no 'frame' (the population frame to post-stratify over).");
        }

        var joins = Joins(entry, "join", "on", baseFolder, Error);
        var frameJoins = Joins(entry, "frame-join", "frame-on", baseFolder, Error);
        var inputs = new List<string>();
        foreach (var (given, option) in new[] { (data, "data"), (frame, "frame") }.Concat(joins.Concat(frameJoins).Select(j => ((string?)j.File, "join"))))
        {
            if (given is not null && SourcePaths.FileOf(given) is { } file)
            {
                if (File.Exists(file))
                {
                    inputs.Add(System.IO.Path.GetFullPath(file));
                }
                else
                {
                    Error($"{option} file '{given}' does not exist (looked at {System.IO.Path.GetFullPath(file)}).");
                }
            }
        }

        var sampler = new SamplerOptions
        {
            Chains = Int(entry, "chains", 4, 1, 64, Error),
            Warmup = Int(entry, "warmup", 1000, 0, int.MaxValue, Error),
            Draws = Int(entry, "draws", 1000, DrawsBudget.MinimumDraws, int.MaxValue, Error),
            Seed = (ulong)Int(entry, "seed", 1, 0, int.MaxValue, Error),
            TargetAccept = Double(entry, "target-accept", 0.8, Error),
            MaxTreeDepth = Int(entry, "max-treedepth", 10, 1, 20, Error),
            Metric = entry.Scalar("metric")?.Trim().ToLowerInvariant() switch
            {
                null or "diag" or "diagonal" => MetricKind.Diagonal,
                "dense" => MetricKind.Dense,
                var m => Fail(Error, $"metric '{m}' is not known; use diag or dense.", MetricKind.Diagonal),
            },
        };
        var fit = new FitOptions
        {
            Family = entry.Scalar("family") is { } f ? Try(Error, () => FamilyNames.ParseFamily(f)) : null,
            Link = entry.Scalar("link") is { } l ? Try(Error, () => FamilyNames.ParseLink(l)) : null,
            Method = entry.Scalar("method")?.Trim().ToLowerInvariant() switch
            {
                null or "nuts" => FitMethod.Nuts,
                "laplace" => FitMethod.Laplace,
                var m => Fail(Error, $"method '{m}' cannot be post-stratified; use nuts or laplace.", FitMethod.Nuts),
            },
            Sampler = sampler,
            Priors = entry.List("prior"),
            LevelOrder = entry.List("levels") is { Count: > 0 } levels ? Try(Error, () => LevelOrders.Parse([.. levels])) : null,
            Aggregate = !Bool(entry, "no-aggregate", Error),
            Joins = joins,
        };
        var poststrat = new PoststratOptions
        {
            Weight = entry.Scalar("weight") ?? "n",
            By = entry.List("by").DefaultIfEmpty(string.Empty).Select(GroupingSet.Parse).DistinctBy(s => string.Join(",", s)).ToList(),
            Kind = entry.Scalar("kind")?.Trim().ToLowerInvariant() switch
            {
                null or "epred" => PredictionKind.Epred,
                "pps" or "predict" => PredictionKind.Pps,
                var k => Fail(Error, $"kind '{k}' is not known; use epred or pps.", PredictionKind.Epred),
            },
            Interval = Double(entry, "interval", 0.9, Error),
            Seed = (ulong)Int(entry, "poststrat-seed", 1, 0, int.MaxValue, Error),
            Contrasts = entry.List("contrast").Select(c => Try(Error, () => GroupContrast.Parse(c))).OfType<GroupContrast>().ToList(),
            FinitePopulation = Bool(entry, "finite-population", Error),
            AllowNewLevels = Bool(entry, "allow-new-levels", Error),
            Scores = entry.Scalar("score") is { } score ? Try(Error, () => Scores(score)) : null,
            Top = entry.Scalar("top") is null ? null : Int(entry, "top", 1, 1, int.MaxValue, Error),
            Nps = Bool(entry, "nps", Error),
        };
        if (sampler.TargetAccept is <= 0 or >= 1)
        {
            Error("target-accept must lie strictly between 0 and 1.");
        }

        if (poststrat.Interval is <= 0 or >= 1)
        {
            Error("interval must lie strictly between 0 and 1.");
        }

        var spec = data;
        if (errors.Count == before && data is not null && entry.Scalar("where") is { } where)
        {
            if (WhereFilter.Problem(data, where) is { } problem)
            {
                Error(problem);
            }
            else
            {
                spec = WhereFilter.Apply(data, where);
            }
        }

        return errors.Count == before ? new BatchJob(entry, spec!, formula!, fit, frame!, frameJoins, poststrat, inputs) : null;
    }

    private static string? Path(string? spec, string baseFolder) =>
        spec is null || spec.Contains(':', StringComparison.Ordinal) || System.IO.Path.IsPathRooted(spec) ? spec : System.IO.Path.Combine(baseFolder, spec);

    private static List<JoinSpec> Joins(BatchEntry entry, string fileOption, string keyOption, string baseFolder, Action<string> error)
    {
        var files = entry.List(fileOption);
        var keys = entry.List(keyOption);
        if (files.Count != keys.Count)
        {
            error($"each '{fileOption}' file needs its own '{keyOption}' key: got {files.Count} and {keys.Count}.");
            return [];
        }

        return files.Zip(keys, (f, k) => new JoinSpec(Path(f, baseFolder)!, k.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))).ToList();
    }

    /// <summary>An ordinal job's <c>score</c>: one number per category, comma-separated, as <c>mrp poststrat --score</c>.</summary>
    private static List<double> Scores(string text) => text.Split(',').Select(part =>
        double.TryParse(part.Trim(), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new UserInputException($"score \"{text}\": '{part.Trim()}' is not a number; give one number per category, separated by commas.")).ToList();

    private static int Int(BatchEntry entry, string name, int fallback, int min, int max, Action<string> error)
    {
        var text = entry.Scalar(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error($"{name} '{text}' must be a whole number from {min}{(max == int.MaxValue ? " up" : $" to {max}")}.");
        return fallback;
    }

    private static double Double(BatchEntry entry, string name, double fallback, Action<string> error)
    {
        var text = entry.Scalar(name);
        if (text is null)
        {
            return fallback;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        error($"{name} '{text}' is not a number.");
        return fallback;
    }

    private static bool Bool(BatchEntry entry, string name, Action<string> error) => entry.Scalar(name)?.Trim().ToLowerInvariant() switch
    {
        null or "false" or "0" or "" => false,
        "true" or "1" => true,
        var b => Fail(error, $"{name} '{b}' must be true or false.", false),
    };

    private static T Fail<T>(Action<string> error, string message, T fallback)
    {
        error(message);
        return fallback;
    }

    private static T? Try<T>(Action<string> error, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (UserInputException ex)
        {
            error(ex.Message);
            return default;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex SafeId();
}
