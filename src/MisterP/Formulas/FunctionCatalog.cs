using MisterP.Data;

namespace MisterP.Formulas;

/// <summary>The transforms a predictor may use, with their numpy-style aliases.</summary>
public static class FunctionCatalog
{
    /// <summary>Element-wise transforms, keyed by every accepted spelling, mapped to the canonical name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Transforms = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["log"] = "log",
        ["np.log"] = "log",
        ["log2"] = "log2",
        ["np.log2"] = "log2",
        ["log10"] = "log10",
        ["np.log10"] = "log10",
        ["log1p"] = "log1p",
        ["np.log1p"] = "log1p",
        ["exp"] = "exp",
        ["np.exp"] = "exp",
        ["sqrt"] = "sqrt",
        ["np.sqrt"] = "sqrt",
        ["abs"] = "abs",
        ["np.abs"] = "abs",
        ["I"] = "I",
        ["scale"] = "scale",
        ["center"] = "center",
    };

    /// <summary>Throws a caret error for an unknown function, suggesting the closest known one.</summary>
    internal static void Require(string formula, CallExpr call)
    {
        if (!Transforms.ContainsKey(call.Function))
        {
            var hint = SourceSpecHint(call.Function);
            throw new FormulaSyntaxException(formula, call.Position,
                $"Unknown function '{call.Function}'.{(hint is null ? string.Empty : $" Did you mean '{hint}'?")} " +
                "Predictors may use log, log2, log10, log1p, exp, sqrt, abs (or np.*), scale, center, I(...), C(...), factor(...).");
        }

        if (call.Arguments.Count != 1 || call.Named.Count > 0)
        {
            throw new FormulaSyntaxException(formula, call.Position, $"{call.Function}() takes exactly one argument, unnamed (e.g. {call.Function}(x)).");
        }
    }

    private static string? SourceSpecHint(string name)
    {
        var candidates = Transforms.Keys.Concat(["C", "factor"]);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var c in candidates)
        {
            var d = EditDistance.Between(name, c);
            if (d < bestDistance)
            {
                (best, bestDistance) = (c, d);
            }
        }

        return bestDistance <= 2 ? best : null;
    }
}
