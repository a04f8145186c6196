using System.Globalization;
using MisterP.Data;

namespace MisterP.Priors;

/// <summary>A user's <c>--prior "TARGET ~ DIST"</c>.</summary>
public sealed record PriorOverride(string Target, PriorDistribution Distribution, string Text);

/// <summary>Parses <c>"b_male ~ normal(0, 1)"</c>-style prior overrides (SPEC §4) with specific errors.</summary>
public static class PriorParser
{
    private static readonly Dictionary<string, string[]> Signatures = new(StringComparer.Ordinal)
    {
        ["normal"] = ["mean", "sd"],
        ["student_t"] = ["nu", "location", "scale"],
        ["cauchy"] = ["location", "scale"],
        ["exponential"] = ["rate"],
        ["halfnormal"] = ["sd"],
        ["halfstudent_t"] = ["nu", "scale"],
        ["gamma"] = ["shape", "rate"],
        ["lkj"] = ["eta"],
        ["beta"] = ["a", "b"],
        ["flat"] = [],
    };

    public static PriorOverride Parse(string text)
    {
        var tilde = text.IndexOf('~');
        if (tilde < 0)
        {
            throw new UserInputException($"--prior \"{text}\": write TARGET ~ DISTRIBUTION, e.g. \"b_male ~ normal(0, 1)\" or \"sd_state ~ exponential(2)\".");
        }

        var target = text[..tilde].Trim();
        var body = text[(tilde + 1)..].Trim();
        if (target.Length == 0)
        {
            throw new UserInputException($"--prior \"{text}\": the target before '~' is missing (b, b_NAME, Intercept, sd, sd_GROUP, sd_GROUP__COEF, cor, cor_GROUP, sigma, shape).");
        }

        var open = body.IndexOf('(');
        var name = (open < 0 ? body : body[..open]).Trim().ToLowerInvariant();
        name = name switch
        {
            "half_normal" => "halfnormal",
            "half_student_t" or "halfstudentt" => "halfstudent_t",
            "studentt" or "t" => "student_t",
            "lkj_corr" or "lkj_corr_cholesky" => "lkj",
            _ => name,
        };
        if (!Signatures.TryGetValue(name, out var parameters))
        {
            var hint = Signatures.Keys.MinBy(k => EditDistance.Between(k, name));
            throw new UserInputException($"--prior \"{text}\": unknown distribution '{name}'. Did you mean '{hint}'? Known: {string.Join(", ", Signatures.Keys)}.");
        }

        var arguments = new List<double>();
        if (open >= 0)
        {
            var close = body.LastIndexOf(')');
            if (close < open)
            {
                throw new UserInputException($"--prior \"{text}\": missing ')'.");
            }

            var inside = body[(open + 1)..close].Trim();
            foreach (var part in inside.Length == 0 ? [] : inside.Split(','))
            {
                if (!double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                {
                    throw new UserInputException($"--prior \"{text}\": '{part.Trim()}' is not a number.");
                }

                arguments.Add(v);
            }
        }

        if (arguments.Count != parameters.Length)
        {
            throw new UserInputException(
                $"--prior \"{text}\": {name} takes {parameters.Length} argument(s) ({string.Join(", ", parameters)}), got {arguments.Count}.");
        }

        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i] is "sd" or "scale" or "rate" or "nu" or "shape" or "eta" or "a" or "b" && !(arguments[i] > 0))
            {
                throw new UserInputException($"--prior \"{text}\": the {parameters[i]} of {name} must be > 0 (got {arguments[i]}).");
            }

            // 1/scale² and rate² enter the log density: past these bounds they overflow or vanish in double precision
            // and the sampler fails far from the cause (normal(0, 1e-300) used to end in an internal error).
            if (parameters[i] is "sd" or "scale" or "rate" && arguments[i] is < 1e-6 or > 1e6)
            {
                throw new UserInputException(
                    $"--prior \"{text}\": the {parameters[i]} of {name} is {arguments[i]:G3}, outside the usable range 1e-6 … 1e6. " +
                    "To fix a parameter, rescale the predictor instead; for a vague prior a scale of 100 times the data's spread is enough.");
            }
        }

        return new PriorOverride(target, new PriorDistribution(name, arguments), text.Trim());
    }
}
