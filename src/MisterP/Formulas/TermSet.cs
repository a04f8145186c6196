namespace MisterP.Formulas;

/// <summary>
/// The value of a right-hand-side expression under formula algebra (Wilkinson &amp; Rogers 1973, as R's terms()):
/// an ordered set of terms (each a set of predictors), an explicit intercept choice, and group terms.
/// Terms are deduplicated through a key set so that a long sum (<c>a1 + … + a3000</c>) is built in linear time.
/// </summary>
internal sealed class TermSet
{
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);

    public List<List<Predictor>> Terms { get; } = [];

    /// <summary>True for an explicit <c>1</c>, false for <c>0</c> / <c>-1</c>, null when unspecified.</summary>
    public bool? Intercept { get; set; }

    public List<GroupTerm> Groups { get; } = [];

    public static TermSet Single(Predictor p)
    {
        var set = new TermSet();
        set.AddTerm([p]);
        return set;
    }

    public static TermSet Union(TermSet a, TermSet b)
    {
        var result = new TermSet { Intercept = a.Intercept };
        result.AddAll(a);
        result.AddAll(b);
        return result;
    }

    /// <summary>Adds b's terms, intercept choice and group terms to this set in place (<c>this + b</c>).</summary>
    public void AddAll(TermSet b)
    {
        Intercept = b.Intercept ?? Intercept;
        foreach (var t in b.Terms)
        {
            AddTerm(t);
        }

        Groups.AddRange(b.Groups);
    }

    /// <summary><c>a - b</c>: drop b's terms; <c>- 1</c> drops the intercept.</summary>
    public static TermSet Remove(TermSet a, TermSet b)
    {
        var result = new TermSet { Intercept = b.Intercept == true ? false : b.Intercept == false ? true : a.Intercept };
        foreach (var t in a.Terms.Where(t => !b._keys.Contains(Key(t))))
        {
            result.AddTerm(t);
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

    /// <summary><c>(a + b + c)^n</c>: all interactions of up to n of the terms (stops early once no new term appears).</summary>
    public static TermSet Power(TermSet a, int n, Action<int> checkSize)
    {
        var result = a;
        for (var k = 1; k < n; k++)
        {
            checkSize(result.Terms.Count * a.Terms.Count);
            var next = Union(result, Interact(result, a));
            if (next.Terms.Count == result.Terms.Count)
            {
                break;
            }

            result = next;
        }

        return result;
    }

    public void AddTerm(List<Predictor> term)
    {
        if (_keys.Add(Key(term)))
        {
            Terms.Add(term);
        }
    }

    /// <summary>A term is a set of predictors: its key is their labels in sorted order.</summary>
    private static string Key(List<Predictor> term) =>
        term.Count == 1 ? term[0].Label : string.Join("\u0001", term.Select(p => p.Label).Order(StringComparer.Ordinal));
}
