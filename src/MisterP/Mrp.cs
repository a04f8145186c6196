using MisterP.Data;
using MisterP.Inference;
using MisterP.Workflow;

namespace MisterP;

/// <summary>
/// The library's front door: the same workflow the <c>mrp</c> command runs, in code (SPEC §5), e.g.
/// <c>var fit = Mrp.Fit("survey.csv", "y ~ (1|state) + male");</c>.
/// </summary>
public static class Mrp
{
    /// <summary>Fits <paramref name="formula"/> to the data named by <paramref name="dataSpec"/> (CSV, Parquet, duckdb:, sqlite:).</summary>
    public static MrpFit Fit(
        string dataSpec,
        string formula,
        FitOptions? options = null,
        IProgress<ChainProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new FitOptions();
        using var source = TableSources.Open(dataSpec, options.Joins, options.Recode);
        return Fit(source, formula, options, progress, cancellationToken);
    }

    /// <summary>Fits <paramref name="formula"/> to an open table source (the caller keeps ownership of it).</summary>
    public static MrpFit Fit(
        ITableSource source,
        string formula,
        FitOptions? options = null,
        IProgress<ChainProgress>? progress = null,
        CancellationToken cancellationToken = default) =>
        ModelFitter.Fit(source, formula, options ?? new FitOptions(), progress, cancellationToken);

    /// <summary>
    /// Everything <see cref="Fit(string, string, FitOptions?, IProgress{ChainProgress}?, CancellationToken)"/> does before
    /// estimation (formula, data, design, priors), without estimating: the model's shape, or the user error a fit would meet.
    /// </summary>
    public static FitCheck Check(string dataSpec, string formula, FitOptions? options = null)
    {
        options ??= new FitOptions();
        Formulas.FormulaParser.Parse(formula); // a syntax error is found before the data are read
        using var source = TableSources.Open(dataSpec, options.Joins);
        var (context, _) = ModelFitter.Prepare(source, formula, options);
        return new FitCheck(context.DataDescription, context.Formula, context.Design, options.Method);
    }
}
