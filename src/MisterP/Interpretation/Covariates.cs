using MisterP.Data;
using MisterP.Design;

namespace MisterP.Interpretation;

/// <summary>How a grid treats a variable.</summary>
internal enum VariableKind
{
    /// <summary>A number used arithmetically: evenly spaced values, quantiles, means, finite differences.</summary>
    Numeric,

    /// <summary>A number that is also a grouping factor or C(): only its observed values are meaningful levels.</summary>
    Discrete,

    /// <summary>Text, or a number used only as a factor: its levels.</summary>
    Categorical,
}

/// <summary>
/// The data columns a fit's formula reads (its covariates) and how each is used: arithmetically, as a factor, or
/// only to group; with the fit's level order, so grids list levels as the fit does (reference first).
/// </summary>
internal sealed class Covariates
{
    private readonly HashSet<string> _numericUse;
    private readonly HashSet<string> _factorUse;
    private readonly HashSet<string> _groupingUse;
    private readonly Dictionary<string, IReadOnlyList<string>> _levelOrder = new(StringComparer.Ordinal);

    public Covariates(DesignRecipe recipe)
    {
        Model = recipe.RequiredColumns;
        _numericUse = recipe.Predictors.Where(p => !p.Categorical).SelectMany(p => DesignRecipe.Variables(p.Expression)).ToHashSet(StringComparer.Ordinal);
        _factorUse = recipe.Predictors.Where(p => p.Categorical).Select(p => p.Column!).ToHashSet(StringComparer.Ordinal);
        _groupingUse = recipe.Groups.SelectMany(g => g.Factors).ToHashSet(StringComparer.Ordinal);
        foreach (var p in recipe.Predictors.Where(p => p.Categorical))
        {
            _levelOrder.TryAdd(p.Column!, p.Levels);
        }

        foreach (var g in recipe.Groups.Where(g => g.Factors.Count == 1))
        {
            _levelOrder.TryAdd(g.Factors[0], g.Levels);
        }
    }

    /// <summary>Columns the model reads (predictors and grouping factors; not the response).</summary>
    public IReadOnlyList<string> Model { get; }

    public bool InModel(string column) => Model.Contains(column, StringComparer.Ordinal);

    /// <summary>Used only to group (no fixed effect reads it): under <see cref="GroupEffectsMode.Grid"/> it is not held at a level.</summary>
    public bool GroupingOnly(string column) => _groupingUse.Contains(column) && !_numericUse.Contains(column) && !_factorUse.Contains(column);

    public VariableKind KindOf(string column, DataColumn data)
    {
        if (data is TextColumn)
        {
            return VariableKind.Categorical;
        }

        if (!InModel(column) || _numericUse.Contains(column))
        {
            return _groupingUse.Contains(column) || _factorUse.Contains(column) ? VariableKind.Discrete : VariableKind.Numeric;
        }

        return VariableKind.Categorical;
    }

    /// <summary>The levels the fit knows for a column (as a factor or a single grouping factor); empty when none.</summary>
    public IReadOnlyList<string> FitLevels(string column) => _levelOrder.TryGetValue(column, out var known) ? known : [];

    /// <summary>Level texts of a column present in the data: the fit's order first, then unseen levels in code-point order.</summary>
    public IReadOnlyList<string> LevelsOf(string column, IEnumerable<string> present)
    {
        var set = present.ToHashSet(StringComparer.Ordinal);
        var ordered = _levelOrder.TryGetValue(column, out var known) ? known.Where(set.Contains).ToList() : [];
        var placed = ordered.ToHashSet(StringComparer.Ordinal);
        ordered.AddRange(set.Where(l => !placed.Contains(l)).Order(StringComparer.Ordinal));
        return ordered;
    }
}
