namespace MisterP.Poststrat;

/// <summary>How a grouping set is named in the <c>by</c> column of estimates: its columns joined by ',', or "(all)".</summary>
public static class GroupingSet
{
    /// <summary>The label of the whole-population set (<c>--by ''</c>); not empty, so CSV readers do not take it for a missing value.</summary>
    public const string Everyone = "(all)";

    public static string Label(IReadOnlyList<string> columns) => columns.Count == 0 ? Everyone : string.Join(",", columns);

    /// <summary>Parses a <c>--by</c> value: "state,age" → [state, age]; "" or "(all)" → the whole population.</summary>
    public static IReadOnlyList<string> Parse(string text) =>
        text.Trim() is "" or Everyone ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
