using System.Globalization;

namespace MisterP.Design;

/// <summary>
/// The score of each category of an ordinal outcome, for its expected (mean) score: the values given with
/// <c>--score</c> (one per category, lowest first), else the categories themselves when they are numbers, else 1..K.
/// </summary>
public static class CategoryScores
{
    public static double[] Resolve(IReadOnlyList<string> categories, IReadOnlyList<double>? given)
    {
        if (given is not null)
        {
            return given.Count == categories.Count
                ? given.ToArray()
                : throw new UserInputException($"--score gives {given.Count} value(s), but the outcome has {categories.Count} categories ({string.Join(",", categories)}); give one value per category, lowest first.");
        }

        var numbers = categories.Select(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        return numbers.Any(double.IsNaN) ? Enumerable.Range(1, categories.Count).Select(i => (double)i).ToArray() : numbers;
    }
}
