using System.Text.Json;
using MisterP.Data;
using MisterP.Design;
using MisterP.Families;
using MisterP.Formulas;
using MisterP.Interpretation;
using MisterP.Output;
using MisterP.Poststrat;
using MisterP.Posterior;

namespace MisterP.Workflow;

/// <summary>
/// A fit folder read back (model.json + draws.csv, through its binary copy draws.bin when current): enough to summarise, predict and post-stratify without the
/// original data.
/// </summary>
public sealed class SavedFit
{
    private SavedFit(string directory, JsonElement model, ModelShape shape, DesignRecipe recipe, PosteriorDraws? draws, PointEstimates? estimates)
    {
        Directory = directory;
        Model = model;
        Shape = shape;
        Recipe = recipe;
        Draws = draws;
        Estimates = estimates;
    }

    public string Directory { get; }

    /// <summary>model.json as written.</summary>
    public JsonElement Model { get; }

    public ModelShape Shape { get; }

    public DesignRecipe Recipe { get; }

    /// <summary>Posterior draws; null for maximum-likelihood fits.</summary>
    public PosteriorDraws? Draws { get; }

    /// <summary>Maximum-likelihood estimates with the fixed effects' covariance; null for draws-based fits.</summary>
    public PointEstimates? Estimates { get; }

    /// <summary>How the fit may reach its data again (default: only its stored cells).</summary>
    public FitDataAccess DataAccess { get; private init; } = FitDataAccess.StoredOnly;

    /// <summary>What reading the folder noticed and worked around (e.g. a damaged draws.bin replaced by draws.csv), for the user.</summary>
    public IReadOnlyList<string> Notes { get; private init; } = [];

    /// <summary>
    /// The level orders given with <c>--levels</c> at fit time (model.json settings.level_order), by variable; empty
    /// when none were given. The one place commands read them, to list levels in the user's order.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> LevelOrder =>
        Model.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object &&
        settings.TryGetProperty("level_order", out var orders) && orders.ValueKind == JsonValueKind.Object
            ? orders.EnumerateObject().ToDictionary(o => o.Name, o => (IReadOnlyList<string>)Strings(o.Value), StringComparer.Ordinal)
            : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);

    /// <summary>The same fit, allowed to reach its data as <paramref name="access"/> says (<c>--data</c>, <c>--trust-fit</c>).</summary>
    public SavedFit WithDataAccess(FitDataAccess access) =>
        new(Directory, Model, Shape, Recipe, Draws, Estimates) { DataAccess = access, Notes = Notes };

    /// <summary>The recodes the fit applied to its data (model.json <c>data.recode</c>), to apply to frames alike.</summary>
    public RecodeRules Recode => RecodeJson.Read(Model.GetProperty("data"));

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
        var notes = new List<string>();
        var draws = FitDraws.Read(directory, model, notes);
        return new SavedFit(directory, model, shape, recipe, draws, ModelJson.ReadEstimates(model)) { Notes = notes };
    }

    public PoststratResult Poststratify(
        ITableSource frame,
        PoststratOptions options,
        IProgress<PoststratProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var draws = Draws ?? throw new UserInputException(
            $"{Directory} was fitted by maximum likelihood and has no draws; post-stratification needs --method nuts (or laplace).");
        var laplace = Model.TryGetProperty("method", out var method) && method.GetString() == "laplace";
        var model = new PoststratModel(Shape, Recipe, draws, IndependentDraws: laplace);
        var respondents = options.FinitePopulation ? LoadRespondents() : null;
        options = options.LevelOrder.Count > 0 ? options : options with { LevelOrder = LevelOrder };
        return Poststratifier.Run(model, frame, options, respondents, progress, cancellationToken);
    }

    /// <summary>The fit's respondents per cell, from the cells the fit folder stores.</summary>
    private RespondentCells LoadRespondents()
    {
        var design = FitData.Load(this, "--finite-population (respondents' observed outcomes plus predictions for the rest)");
        return RespondentCells.From(design.CellValues, design.Design.Response, Recipe.RequiredColumns, Model.GetProperty("data").GetProperty("source").GetString()!);
    }

    /// <summary>Predictions over <paramref name="data"/>, or the fit's own data (its stored cells) when null.</summary>
    public InterpretationResult Predictions(InterpretationOptions options, ITableSource? data = null, CancellationToken cancellationToken = default) =>
        Interpretation().Run((m, d) => Interpreter.Predictions(m, d, options, cancellationToken), data);

    /// <summary>Comparisons between values of <paramref name="contrast"/>'s variable.</summary>
    public InterpretationResult Comparisons(VariableValues contrast, InterpretationOptions options, ITableSource? data = null, CancellationToken cancellationToken = default) =>
        Interpretation().Run((m, d) => Interpreter.Comparisons(m, d, contrast, options, cancellationToken), data);

    /// <summary>Slopes in <paramref name="wrt"/>.</summary>
    public InterpretationResult Slopes(string wrt, InterpretationOptions options, ITableSource? data = null, CancellationToken cancellationToken = default) =>
        Interpretation().Run((m, d) => Interpreter.Slopes(m, d, wrt, options, cancellationToken), data);

    private FitInterpretation Interpretation()
    {
        if (Draws is null && Estimates is null)
        {
            throw new UserInputException($"{Directory} has neither draws.csv nor maximum-likelihood estimates in model.json; refit it with this version of mrp.");
        }

        var formula = FormulaParser.Parse(Model.GetProperty("formula").GetString()!);
        return new FitInterpretation(
            new InterpretationModel(Shape, Recipe, formula.Response, Draws, Estimates),
            () => FitData.Units(this, formula, "Without --data FILE, this"));
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
            model.TryGetProperty("known_se", out var se) && se.GetBoolean())
        {
            Categories = model.TryGetProperty("categories", out var categories) ? Strings(categories) : null,
        };
    }

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();
}
