using System.Globalization;
using MisterP.Data;
using MisterP.Families;

namespace MisterP.Simulation;

/// <summary>
/// The known category probabilities of every frame cell under a cumulative logit, P(y = k | η) from the thresholds:
/// draws answers for respondents, and writes the population truth per group as <c>mrp compare</c> reads it — one
/// column per category share (<c>p_LEVEL</c>), the <c>mean</c> answer and, for a 0–10 item, the <c>nps</c>.
/// </summary>
public sealed class OrdinalTruth
{
    private readonly double[] _probabilities;
    private readonly int _categories;
    private readonly int _first;

    private OrdinalTruth(double[] probabilities, int categories, int first)
    {
        _probabilities = probabilities;
        _categories = categories;
        _first = first;
    }

    /// <param name="eta">η per cell.</param>
    /// <param name="thresholds">c_1 &lt; … &lt; c_{K−1}.</param>
    /// <param name="first">The value of the lowest category.</param>
    public static OrdinalTruth Of(double[] eta, double[] thresholds, int first)
    {
        var k = thresholds.Length + 1;
        var probabilities = new double[eta.Length * k];
        for (var i = 0; i < eta.Length; i++)
        {
            CumulativeKernel.Probabilities(Link.Logit, thresholds, eta[i], probabilities.AsSpan(i * k, k));
        }

        return new OrdinalTruth(probabilities, k, first);
    }

    /// <summary>The answer of a respondent of cell <paramref name="cell"/> for a uniform <paramref name="u"/> (inverse CDF).</summary>
    public int Draw(int cell, double u)
    {
        var cumulative = 0.0;
        for (var k = 0; k < _categories - 1; k++)
        {
            cumulative += _probabilities[cell * _categories + k];
            if (u < cumulative)
            {
                return _first + k;
            }
        }

        return _first + _categories - 1;
    }

    /// <summary>Per group of each set: <c>by,&lt;grouping columns…&gt;,p_LEVEL…,mean[,nps],population</c> (population-weighted).</summary>
    public DataTable PerGroup(DataTable frame, double[] counts, IReadOnlyList<IReadOnlyList<string>> by)
    {
        var cells = counts.Length;
        var quantities = new List<(string Name, double[] Values)>();
        for (var k = 0; k < _categories; k++)
        {
            var share = Enumerable.Range(0, cells).Select(i => _probabilities[i * _categories + k]).ToArray();
            quantities.Add(($"p_{(_first + k).ToString(CultureInfo.InvariantCulture)}", share));
        }

        quantities.Add(("mean", Enumerable.Range(0, cells).Select(i => Enumerable.Range(0, _categories).Sum(k => (_first + k) * _probabilities[i * _categories + k])).ToArray()));
        if (_first == 0 && _categories == 11)
        {
            // % 9–10 minus % 0–6, as poststrat's --nps.
            quantities.Add(("nps", Enumerable.Range(0, cells).Select(i => 100 * Enumerable.Range(0, 11).Sum(k => (k >= 9 ? 1 : k <= 6 ? -1 : 0) * _probabilities[i * 11 + k])).ToArray()));
        }

        var tables = quantities.Select(q => PopulationTruth.PerGroup(frame, counts, q.Values, by)).ToList();
        var first = tables[0];
        var columns = first.Columns.Where(c => c.Name is not "truth" and not "population").ToList();
        columns.AddRange(quantities.Select((q, j) => new NumericColumn(q.Name, ((NumericColumn)tables[j]["truth"]).Values)));
        columns.Add(first["population"]);
        return new DataTable(columns);
    }
}
