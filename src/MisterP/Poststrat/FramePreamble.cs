using MisterP.Data;

namespace MisterP.Poststrat;

/// <summary>
/// What every post-stratification does before predicting: the frame columns it reads (the model's, the grouping
/// columns and the weight), checked for presence and missing values, and the frame compared with what the fit saw —
/// a level the fit never saw is usually a spelling or coding mismatch, refused unless <c>--allow-new-levels</c>.
/// </summary>
internal static class FramePreamble
{
    public static (IReadOnlyList<string> Grouping, IReadOnlyList<string> Columns) Run(PoststratModel model, ITableSource frame, PoststratOptions options)
    {
        var recipe = model.Recipe;
        var grouping = options.By.SelectMany(b => b).Distinct(StringComparer.Ordinal).ToList();
        var columns = recipe.RequiredColumns.Concat(grouping).Append(options.Weight).Distinct(StringComparer.Ordinal).ToList();
        FrameChecks.Validate(frame, columns, options.Weight);
        var check = FrameChecker.Check(FitVariables.FromRecipe(recipe), frame, options.Weight);
        if (check.NewLevels.Count > 0 && !options.AllowNewLevels)
        {
            throw new UserInputException(FrameCheckText.Refusal(check, frame.Description));
        }

        return (grouping, columns);
    }
}
