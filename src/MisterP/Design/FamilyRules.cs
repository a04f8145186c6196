using MisterP.Data;
using MisterP.Families;
using MisterP.Formulas;

namespace MisterP.Design;

/// <summary>Default family and link, the allowed combinations, and the response checks each family needs.</summary>
internal static class FamilyRules
{
    public static Family Resolve(Formula formula, ITableSource source, Family? requested, IReadOnlyList<string> required)
    {
        var response = formula.Response;
        if (response.Counts is { } counts)
        {
            if (requested is { } f && f != Family.Multinomial)
            {
                throw new UserInputException($"The response cbind(…) counts {counts.Count} categories, so the family is multinomial, not {FamilyNames.Of(f)}.");
            }

            return Family.Multinomial;
        }

        if (requested == Family.Multinomial)
        {
            throw new UserInputException("--family multinomial needs one count column per category: write cbind(A, B, C, …) ~ … (three or more columns, the first the reference); for one category per row use --family categorical.");
        }

        if (response.IsBinomial)
        {
            if (requested is { } f && f != Family.Binomial)
            {
                throw new UserInputException($"The response gives trials ({ExprText.Format(response.Outcome)} out of n), so the family is binomial, not {FamilyNames.Of(f)}.");
            }

            return Family.Binomial;
        }

        if (requested is { } family)
        {
            if (family == Family.Binomial)
            {
                throw new UserInputException("--family binomial needs trials in the formula: write p(y, n) ~ ..., y | trials(n) ~ ... or cbind(y, n - y) ~ ...; for 0/1 rows use bernoulli.");
            }

            return family;
        }

        var y = ExprSql.ToSql(response.Outcome);
        var notBinary = source.FirstRowWhere($"NOT ({y} IN (0, 1))", required);
        return notBinary is null && response.KnownSe is null ? Family.Bernoulli : Family.Gaussian;
    }

    public static Link ResolveLink(Family family, Link? requested)
    {
        var allowed = family switch
        {
            Family.Bernoulli or Family.Binomial => new[] { Link.Logit, Link.Probit, Link.CLogLog },
            Family.Gaussian => [Link.Identity, Link.Log],
            Family.Cumulative => [Link.Logit, Link.Probit],
            Family.Categorical or Family.Multinomial => [Link.Logit],
            _ => [Link.Log],
        };
        var link = requested ?? allowed[0];
        if (!allowed.Contains(link))
        {
            throw new UserInputException(
                $"The {FamilyNames.Of(family)} family does not support the {FamilyNames.Of(link)} link; use {string.Join(" or ", allowed.Select(FamilyNames.Of))}.");
        }

        return link;
    }

    /// <summary>Finds the first row that breaks the family's support and says what is wrong and where.</summary>
    public static void Validate(Formula formula, Family family, ITableSource source, IReadOnlyList<string> required)
    {
        var r = formula.Response;
        var y = ExprSql.ToSql(r.Outcome);
        var name = ExprText.Format(r.Outcome);
        void Check(string predicate, string problem)
        {
            if (source.FirstRowWhere(predicate, required) is { } row)
            {
                throw new UserInputException($"{source.Description}, row {row}: {problem}");
            }
        }

        if (family is Family.Cumulative or Family.Categorical)
        {
            // Categories are checked where they are resolved (OrdinalCategories), text outcomes included.
            return;
        }

        if (family == Family.Multinomial)
        {
            foreach (var count in r.Counts!)
            {
                var sql = ExprSql.ToSql(count);
                var column = ExprText.Format(count);
                Check($"isnan({sql}) OR isinf({sql}) OR {sql} < 0 OR {sql} <> floor({sql})", $"the count '{column}' must be a whole number ≥ 0 for a multinomial model.");
            }

            if (r.Weights is { } weight)
            {
                Check($"NOT ({ExprSql.ToSql(weight)} >= 0)", $"the weight '{ExprText.Format(weight)}' must be ≥ 0.");
            }

            return;
        }

        Check($"isnan({y}) OR isinf({y})", $"'{name}' is not a finite number.");
        switch (family)
        {
            case Family.Bernoulli:
                Check($"NOT ({y} IN (0, 1))", $"'{name}' must be 0 or 1 for a bernoulli model (use --family gaussian for other values, or p(y, n) for counts).");
                break;
            case Family.Binomial:
                var n = Trials(r);
                Check($"{y} < 0 OR {y} <> floor({y})", $"successes '{name}' must be a whole number ≥ 0.");
                Check($"{n} < 0 OR {n} <> floor({n})", "trials must be a whole number ≥ 0.");
                Check($"{y} > {n}", $"successes '{name}' exceed the trials.");
                break;
            case Family.Poisson or Family.NegativeBinomial:
                Check($"{y} < 0 OR {y} <> floor({y})", $"'{name}' must be a whole-number count ≥ 0 for a {FamilyNames.Of(family)} model.");
                break;
        }

        if (r.KnownSe is { } se)
        {
            Check($"NOT ({ExprSql.ToSql(se)} > 0)", $"the known standard error '{ExprText.Format(se)}' must be > 0.");
        }

        if (r.Weights is { } w)
        {
            Check($"NOT ({ExprSql.ToSql(w)} >= 0)", $"the weight '{ExprText.Format(w)}' must be ≥ 0.");
        }
    }

    /// <summary>SQL for the trials of a binomial response: trials(n) / p(y, n), or successes + failures for cbind().</summary>
    public static string Trials(ResponseSpec r) =>
        r.Trials is { } n ? ExprSql.ToSql(n) : $"({ExprSql.ToSql(r.Outcome)} + {ExprSql.ToSql(r.Failures!)})";
}
