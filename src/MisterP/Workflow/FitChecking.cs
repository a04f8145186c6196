using MisterP.Checking;

namespace MisterP.Workflow;

/// <summary>PSIS-LOO of saved fits (<c>mrp loo DIR…</c>, the report's model checking): each fit's cells rebuilt from its data.</summary>
public static class FitChecking
{
    /// <summary>Each fit's LOO and WAIC, lined up on the same respondents when there are several.</summary>
    public static IReadOnlyList<ModelLoo> Loo(IReadOnlyList<string> dirs, LooUnit unit)
    {
        var names = UniqueNames(dirs);
        var fits = dirs.Select((dir, i) =>
        {
            var fit = SavedFit.Load(dir);
            var draws = fit.Draws ?? throw new UserInputException(
                $"{dir} is a maximum-likelihood fit (--method ml) and has no posterior draws, which LOO needs; refit with --method nuts.");
            if (fit.Model.TryGetProperty("settings", out var settings) && settings.TryGetProperty("prior_only", out var priorOnly) && priorOnly.GetBoolean())
            {
                throw new UserInputException($"{dir} was fitted with --prior-only: its draws are the prior, not a posterior, so LOO means nothing there; refit without it.");
            }

            var design = FitData.Load(fit, "mrp loo");
            return (names[i], FitLogLikelihood.Compute(design, draws, unit));
        }).ToList();
        var aligned = fits.Count > 1 ? FitAlignment.Align(fits) : [fits[0].Item2.Loo];
        var unitName = unit == LooUnit.Respondent ? "respondent" : "cell";
        return fits.Select((f, i) => new ModelLoo(f.Item1, aligned[i], f.Item2.Waic, unitName)).ToList();
    }

    /// <summary>Each folder's last path component, or the whole paths when two would share a name.</summary>
    private static IReadOnlyList<string> UniqueNames(IReadOnlyList<string> dirs)
    {
        var names = dirs.Select(d => Path.GetFileName(Path.TrimEndingDirectorySeparator(d))).ToArray();
        return names.Distinct().Count() == names.Length ? names : dirs;
    }
}
