using MisterP.Families;

namespace MisterP.Design;

/// <summary>Choices that shape the design besides the formula.</summary>
public sealed record DesignOptions
{
    /// <summary>Null: binomial with trials, bernoulli for a 0/1 response, else gaussian.</summary>
    public Family? Family { get; init; }

    /// <summary>Null: logit (bernoulli/binomial), identity (gaussian), log (counts).</summary>
    public Link? Link { get; init; }

    /// <summary>Collapse rows with identical predictors into cells where that is exact.</summary>
    public bool Aggregate { get; init; } = true;

    /// <summary>Explicit level orders per categorical column (first = reference); others sort by code point.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? LevelOrder { get; init; }

    /// <summary>brms's <c>car(W, …)</c> names bound to adjacency files: <c>--adjacency W=FILE</c>.</summary>
    public IReadOnlyDictionary<string, string>? Adjacency { get; init; }

    /// <summary>Accept one-way rows of an adjacency file as undirected edges (<c>--symmetrize</c>).</summary>
    public bool Symmetrize { get; init; }

    /// <summary>
    /// Levels of grouping factors that occur outside the data (the frame's, given with <c>--frame</c> on fit): a
    /// structured term includes them, so they are modelled rather than new at poststrat time.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>>? ExtraLevels { get; init; }
}

/// <summary>The design with the recipe that made it and a fingerprint of the data used.</summary>
public sealed record DesignResult(ModelDesign Design, DesignRecipe Recipe, Family RequestedFamily, long RowsUsed, long RowsDropped, int Cells)
{
    /// <summary>
    /// The cells' values of the model's columns (predictors and grouping factors), row i being cell i of
    /// <see cref="ModelDesign.Response"/>: what matches respondents to population cells.
    /// </summary>
    public required Data.DataTable CellValues { get; init; }

    /// <summary>Why the family is what it is when it was inferred from the response; null when --family chose it.</summary>
    public string? FamilyReason { get; init; }

    /// <summary>What the user should know about the data before fitting (e.g. an outcome that looks binary fitted as gaussian).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}
