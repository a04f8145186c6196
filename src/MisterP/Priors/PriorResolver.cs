using MisterP.Design;

namespace MisterP.Priors;

/// <summary>Applies one <c>--prior</c> override to the parameters its target names, with errors for targets that name nothing.</summary>
internal sealed class PriorResolver(ModelDesign design, bool hasIntercept, bool hasSigma, bool hasShape)
{
    public HashSet<string> UserSet { get; } = new(StringComparer.Ordinal);

    /// <summary>General targets first, so specific ones override them whatever the order given.</summary>
    public static int Specificity(string target) => target switch
    {
        "b" or "sd" or "cor" => 0,
        _ when target.StartsWith("sd_", StringComparison.Ordinal) && target.Contains("__", StringComparison.Ordinal) => 2,
        _ => 1,
    };

    public void Apply(
        PriorOverride o,
        ref PriorDistribution? intercept,
        PriorDistribution?[] coefficients,
        PriorDistribution[][] groupSds,
        double[] eta,
        ref PriorDistribution? sigma,
        ref PriorDistribution? shape)
    {
        var t = o.Target;
        var d = o.Distribution;
        var isLkj = d.Family == "lkj";
        if (t is "cor" || t.StartsWith("cor_", StringComparison.Ordinal))
        {
            Require(isLkj, o, "correlations take lkj(eta)");
            var matched = false;
            for (var k = 0; k < design.GroupTerms.Count; k++)
            {
                var term = design.GroupTerms[k];
                if (term.Correlated && (t == "cor" || PriorTargets.Matches(t, "cor_" + term.Name)))
                {
                    eta[k] = d.Arguments[0];
                    UserSet.Add("cor_" + term.Name);
                    matched = true;
                }
            }

            if (!matched)
            {
                Unknown(o);
            }

            return;
        }

        Require(!isLkj, o, "lkj(eta) applies only to correlations (cor, cor_GROUP)");
        Require(d.Family != "beta", o, "beta(a, b) applies only to a structured term's correlation (rho_GROUP, rhocar, ar_GROUP)");
        if (t is "Intercept" or "b_Intercept")
        {
            Require(hasIntercept, o, "the model has no intercept");
            Require(!d.PositiveOnly, o, $"{d.Family} is for positive parameters; the intercept can be negative");
            intercept = d;
            UserSet.Add("Intercept");
            return;
        }

        if (t == "b" || t.StartsWith("b_", StringComparison.Ordinal))
        {
            Require(!d.PositiveOnly, o, $"{d.Family} is for positive parameters; coefficients can be negative");
            var matched = false;
            for (var j = 0; j < coefficients.Length; j++)
            {
                var name = "b_" + design.FixedEffects.Names[j];
                if (j != design.FixedEffects.InterceptIndex && (t == "b" || PriorTargets.Matches(t, name)))
                {
                    coefficients[j] = d;
                    UserSet.Add(name);
                    matched = true;
                }
            }

            if (!matched)
            {
                Unknown(o);
            }

            return;
        }

        if (t == "sd" || t.StartsWith("sd_", StringComparison.Ordinal))
        {
            Require(d.Family != "flat", o, "a flat prior on a group sd is improper; use exponential, halfnormal or halfstudent_t");
            var matched = false;
            for (var k = 0; k < design.GroupTerms.Count; k++)
            {
                var term = design.GroupTerms[k];
                for (var c = 0; c < term.CoefficientCount; c++)
                {
                    var name = $"sd_{term.Name}__{term.CoefficientNames[c]}";
                    if (t == "sd" || PriorTargets.Matches(t, "sd_" + term.Name) || PriorTargets.Matches(t, name))
                    {
                        groupSds[k][c] = d;
                        UserSet.Add(name);
                        matched = true;
                    }
                }
            }

            if (!matched)
            {
                Unknown(o);
            }

            return;
        }

        if (t == "sigma")
        {
            Require(hasSigma, o, "only gaussian models without se() have sigma");
            sigma = d;
            UserSet.Add("sigma");
            return;
        }

        if (t == "shape")
        {
            Require(hasShape, o, "only negative binomial models have shape");
            shape = d;
            UserSet.Add("shape");
            return;
        }

        Unknown(o);
    }

    private static void Require(bool condition, PriorOverride o, string reason)
    {
        if (!condition)
        {
            throw new UserInputException($"--prior \"{o.Text}\": {reason}.");
        }
    }

    private void Unknown(PriorOverride o)
    {
        var valid = new List<string> { "b", "sd", "cor" };
        if (hasIntercept)
        {
            valid.Add("Intercept");
        }

        valid.AddRange(design.FixedEffects.Names.Where((_, j) => j != design.FixedEffects.InterceptIndex).Select(n => "b_" + n));
        foreach (var term in design.GroupTerms)
        {
            valid.Add("sd_" + term.Name);
            valid.AddRange(term.CoefficientNames.Select(c => $"sd_{term.Name}__{c}"));
            if (term.Correlated)
            {
                valid.Add("cor_" + term.Name);
            }
        }

        if (hasSigma)
        {
            valid.Add("sigma");
        }

        if (hasShape)
        {
            valid.Add("shape");
        }

        throw new UserInputException($"--prior \"{o.Text}\": '{o.Target}' names no parameter of this model. Valid targets: {string.Join(", ", valid)}.");
    }
}
