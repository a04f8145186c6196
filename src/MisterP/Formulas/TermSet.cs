namespace MisterP.Formulas;

/// <summary>
/// The value of a right-hand-side expression under formula algebra (Wilkinson &amp; Rogers 1973, as R's terms()):
/// an ordered set of terms (each a set of predictors), an explicit intercept choice, and group terms.
/// </summary>
internal sealed class TermSet
{
    public List<List<Predictor>> Terms { get; } = [];

    /// <summary>True for an explicit <c>1</c>, false for <c>0</c> / <c>-1</c>, null when unspecified.</summary>
    public bool? Intercept { get; set; }

    public List<GroupTerm> Groups { get; } = [];

    public static TermSet Single(Predictor p)
    {
        var set = new TermSet();
        set.Terms.Add([p]);
        return set;
    }

    public static TermSet Union(TermSet a, TermSet b)
    {
        var result = new TermSet { Intercept = b.Intercept ?? a.Intercept };
        foreach (var t in a.Terms.Concat(b.Terms))
        {
            result.AddTerm(t);
        }

        result.Groups.AddRange(a.Groups);
        result.Groups.AddRange(b.Groups);
        return result;
    }

    /// <summary><c>a - b</c>: drop b's terms; <c>- 1</c> drops the intercept.</summary>
    public static TermSet Remove(TermSet a, TermSet b)
    {
        var result = new TermSet { Intercept = b.Intercept == true ? false : b.Intercept == false ? true : a.Intercept };
        foreach (var t in a.Terms.Where(t => !b.Terms.Any(r => SameTerm(t, r))))
        {
            result.Terms.Add(t);
        }

        result.Groups.AddRange(a.Groups);
        return result;
    }

    /// <summary><c>a:b</c>: every term of a combined with every term of b.</summary>
    public static TermSet Interact(TermSet a, TermSet b)
    {
        var result = new TermSet();
        foreach (var x in a.Terms)
        {
            foreach (var y in b.Terms)
            {
                var combined = new List<Predictor>(x);
                foreach (var p in y.Where(p => !combined.Any(q => q.Label == p.Label)))
                {
                    combined.Add(p);
                }

                result.AddTerm(combined);
            }
        }

        return result;
    }

    /// <summary><c>(a + b + c)^n</c>: all interactions of up to n of the terms.</summary>
    public static TermSet Power(TermSet a, int n)
    {
        var result = a;
        for (var k = 1; k < n; k++)
        {
            result = Union(result, Interact(result, a));
        }

        return result;
    }

    public void AddTerm(List<Predictor> term)
    {
        if (!Terms.Any(t => SameTerm(t, term)))
        {
            Terms.Add(term);
        }
    }

    private static bool SameTerm(List<Predictor> a, List<Predictor> b) =>
        a.Count == b.Count && a.All(p => b.Any(q => q.Label == p.Label));
}
