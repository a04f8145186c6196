using MisterP.Checking;

namespace MisterP.Workflow;

/// <summary>Settings of <c>mrp kfold</c>; sampler settings left null are the fit's own (from its model.json).</summary>
public sealed record KfoldOptions
{
    /// <summary>The grouping factor whose levels are held out (a group term of the model, e.g. state).</summary>
    public required string By { get; init; }

    /// <summary>Number of folds of whole levels; null = one fold per level (leave-one-group-out).</summary>
    public int? Folds { get; init; }

    /// <summary>Seed of the folds, the refits and the held-out levels' fresh effects; null = the fit's seed.</summary>
    public ulong? Seed { get; init; }

    public int? Chains { get; init; }

    public int? Warmup { get; init; }

    public int? Draws { get; init; }

    /// <summary>Threads running each refit's chains; never changes the result.</summary>
    public int? Threads { get; init; }

    public LooUnit Unit { get; init; } = LooUnit.Respondent;
}

/// <summary>Progress of a K-fold run: <paramref name="Fold"/> (1-based) of <paramref name="Folds"/> is done.</summary>
public sealed record KfoldProgress(string Model, int Fold, int Folds);
