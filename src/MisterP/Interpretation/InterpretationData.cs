using MisterP.Data;
using MisterP.Design;
using MisterP.Formulas;

namespace MisterP.Interpretation;

/// <summary>
/// The units that unit-level quantities and averages run over, and that grids take their ranges, means and modes
/// from: a table source, how many respondents each row stands for, and which columns a row must have to count.
/// Rows are read as cells (identical covariate rows merged, respondents summed), which changes no result.
/// </summary>
public sealed class InterpretationData
{
    private InterpretationData(ITableSource source, string? respondentsSql, IReadOnlyList<string> required, string description)
    {
        Source = source;
        RespondentsSql = respondentsSql;
        RequiredColumns = required;
        Description = description;
    }

    public ITableSource Source { get; }

    /// <summary>SQL summed per cell for its respondents (a binomial fit's trials); null counts rows.</summary>
    public string? RespondentsSql { get; }

    /// <summary>Rows missing any of these are dropped (as fitting dropped them).</summary>
    public IReadOnlyList<string> RequiredColumns { get; }

    public string Description { get; }

    /// <summary>
    /// The data a model was fitted to: rows missing any formula variable are dropped as in fitting, and each row
    /// stands for its trials in a binomial fit (so averages over cells equal averages over the original respondents).
    /// </summary>
    public static InterpretationData FitData(ITableSource source, Formula formula) =>
        new(source, RespondentsOf(formula.Response), formula.Variables, $"the fit's data ({source.Description})");

    /// <summary>A binomial row's trials, a multinomial row's total count (Σ of its cbind columns), else one.</summary>
    private static string? RespondentsOf(ResponseSpec response) => response switch
    {
        { Counts: { } counts } => "(" + string.Join(" + ", counts.Select(c => ExprSql.ToSql(c))) + ")",
        { IsBinomial: true } => FamilyRules.Trials(response),
        _ => null,
    };

    /// <summary>
    /// A fit's stored cells: each row already a cell, standing for the respondents <paramref name="respondentsSql"/>
    /// sums (its rows, or a binomial fit's trials); nothing is missing, as the fit dropped those rows.
    /// </summary>
    public static InterpretationData Cells(ITableSource source, string respondentsSql, string description) =>
        new(source, respondentsSql, [], description);

    /// <summary>Other data (<c>--data</c>): one respondent per row.</summary>
    public static InterpretationData Rows(ITableSource source) => new(source, null, [], source.Description);
}
