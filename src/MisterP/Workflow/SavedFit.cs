using System.Text.Json;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Output;
using MisterP.Poststrat;
using MisterP.Posterior;

namespace MisterP.Workflow;

/// <summary>
/// A fit folder read back (model.json + draws.csv): enough to summarise, predict and post-stratify without the
/// original data.
/// </summary>
public sealed class SavedFit
{
    private SavedFit(string directory, JsonElement model, ModelShape shape, DesignRecipe recipe, PosteriorDraws? draws)
    {
        Directory = directory;
        Model = model;
        Shape = shape;
        Recipe = recipe;
        Draws = draws;
    }

    public string Directory { get; }

    /// <summary>model.json as written.</summary>
    public JsonElement Model { get; }

    public ModelShape Shape { get; }

    public DesignRecipe Recipe { get; }

    /// <summary>Posterior draws; null for maximum-likelihood fits.</summary>
    public PosteriorDraws? Draws { get; }

    public int MaxTreeDepth =>
        Model.TryGetProperty("settings", out var s) && s.TryGetProperty("max_treedepth", out var d) ? d.GetInt32() : 10;

    public static SavedFit Load(string directory)
    {
        var modelPath = Path.Combine(directory, "model.json");
        if (!File.Exists(modelPath))
        {
            throw new UserInputException(
                System.IO.Directory.Exists(directory)
                    ? $"'{directory}' has no model.json; give a folder written by 'mrp fit'."
                    : $"Fit folder '{directory}' does not exist.");
        }

        JsonElement model;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(modelPath));
            model = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UserInputException($"{modelPath} is not valid JSON (line {e.LineNumber + 1}): {e.Message}");
        }

        var version = model.TryGetProperty("format_version", out var v) ? v.GetInt32() : 0;
        if (version != ModelJson.FormatVersion)
        {
            throw new UserInputException($"{modelPath} has format version {version}; this mrp reads version {ModelJson.FormatVersion}. Refit with this version.");
        }

        var shape = ReadShape(model);
        var recipe = DesignRecipe.FromJson(model.GetProperty("recipe"));
        var drawsPath = Path.Combine(directory, "draws.csv");
        var draws = File.Exists(drawsPath) ? DrawsCsv.Read(drawsPath) : null;
        return new SavedFit(directory, model, shape, recipe, draws);
    }

    public PoststratResult Poststratify(
        ITableSource frame,
        PoststratOptions options,
        IProgress<PoststratProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var draws = Draws ?? throw new UserInputException(
            $"{Directory} was fitted by maximum likelihood and has no draws; post-stratification needs --method nuts (or laplace).");
        return Poststratifier.Run(Shape, Recipe, draws, frame, options, progress, cancellationToken);
    }

    private static ModelShape ReadShape(JsonElement model)
    {
        var terms = model.GetProperty("group_terms").EnumerateArray().Select(t => new GroupShape(
            t.GetProperty("group").GetString()!,
            Strings(t.GetProperty("levels")),
            Strings(t.GetProperty("coefficients")),
            t.GetProperty("correlated").GetBoolean())).ToList();
        return new ModelShape(
            FamilyNames.ParseFamily(model.GetProperty("family").GetString()!),
            FamilyNames.ParseLink(model.GetProperty("link").GetString()!),
            Strings(model.GetProperty("fixed_effects")),
            terms,
            model.TryGetProperty("known_se", out var se) && se.GetBoolean());
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
