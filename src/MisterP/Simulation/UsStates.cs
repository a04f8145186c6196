namespace MisterP.Simulation;

/// <summary>One US state as the states demo needs it.</summary>
/// <param name="Abbreviation">Postal abbreviation.</param>
/// <param name="Region">Census region (Northeast, North Central, South, West).</param>
/// <param name="RepublicanVote">Republican share of the two-party presidential vote in 2016.</param>
/// <param name="AdultsThousands">Adult (18+) population around 2018, in thousands, rounded.</param>
/// <param name="EthnicShares">Shares of White, Black, Hispanic and Other among adults, rounded to whole percents.</param>
public sealed record UsState(string Abbreviation, string Region, double RepublicanVote, double AdultsThousands, double[] EthnicShares);

/// <summary>
/// Public facts about the 50 states, rounded: two-party Republican presidential vote 2016 (official returns),
/// adult population and ethnic composition (approximately the 2014–18 American Community Survey). The states demo
/// builds its simulated population from these so its states look like the real ones; no file is read.
/// </summary>
public static class UsStates
{
    public static readonly string[] Ethnicities = ["White", "Black", "Hispanic", "Other"];

    public static readonly IReadOnlyList<UsState> All =
    [
        new("AL", "South", 0.644, 3_780, [66, 26, 4, 4]),
        new("AK", "West", 0.584, 550, [62, 3, 6, 29]),
        new("AZ", "West", 0.519, 5_530, [56, 4, 29, 11]),
        new("AR", "South", 0.643, 2_310, [73, 15, 6, 6]),
        new("CA", "West", 0.339, 30_570, [40, 6, 34, 20]),
        new("CO", "West", 0.473, 4_440, [70, 4, 19, 7]),
        new("CT", "Northeast", 0.429, 2_820, [68, 10, 14, 8]),
        new("DE", "South", 0.440, 760, [63, 21, 8, 8]),
        new("FL", "South", 0.506, 17_000, [56, 15, 24, 5]),
        new("GA", "South", 0.527, 8_010, [55, 31, 8, 6]),
        new("HI", "West", 0.326, 1_110, [23, 2, 9, 66]),
        new("ID", "West", 0.683, 1_310, [84, 1, 11, 4]),
        new("IL", "North Central", 0.410, 9_850, [63, 14, 15, 8]),
        new("IN", "North Central", 0.601, 5_110, [81, 9, 6, 4]),
        new("IA", "North Central", 0.551, 2_420, [87, 3, 5, 5]),
        new("KS", "North Central", 0.611, 2_200, [78, 6, 10, 6]),
        new("KY", "South", 0.657, 3_440, [86, 8, 3, 3]),
        new("LA", "South", 0.602, 3_560, [60, 32, 4, 4]),
        new("ME", "Northeast", 0.484, 1_080, [93, 1, 1, 5]),
        new("MD", "South", 0.360, 4_710, [52, 30, 9, 9]),
        new("MA", "Northeast", 0.353, 5_530, [73, 7, 10, 10]),
        new("MI", "North Central", 0.501, 7_800, [77, 14, 4, 5]),
        new("MN", "North Central", 0.492, 4_320, [82, 6, 4, 8]),
        new("MS", "South", 0.591, 2_270, [58, 37, 3, 2]),
        new("MO", "North Central", 0.598, 4_740, [81, 11, 3, 5]),
        new("MT", "West", 0.611, 830, [88, 1, 3, 8]),
        new("NE", "North Central", 0.635, 1_450, [81, 5, 9, 5]),
        new("NV", "West", 0.487, 2_350, [52, 9, 26, 13]),
        new("NH", "Northeast", 0.498, 1_090, [91, 1, 3, 5]),
        new("NJ", "Northeast", 0.427, 6_940, [57, 13, 19, 11]),
        new("NM", "West", 0.453, 1_600, [40, 2, 46, 12]),
        new("NY", "Northeast", 0.382, 15_420, [58, 15, 17, 10]),
        new("NC", "South", 0.519, 8_050, [66, 21, 7, 6]),
        new("ND", "North Central", 0.698, 580, [86, 2, 3, 9]),
        new("OH", "North Central", 0.543, 9_080, [80, 12, 3, 5]),
        new("OK", "South", 0.693, 2_960, [68, 7, 8, 17]),
        new("OR", "West", 0.438, 3_320, [78, 2, 11, 9]),
        new("PA", "Northeast", 0.504, 10_110, [78, 10, 6, 6]),
        new("RI", "Northeast", 0.417, 850, [76, 6, 13, 5]),
        new("SC", "South", 0.575, 3_930, [66, 27, 4, 3]),
        new("SD", "North Central", 0.660, 660, [84, 1, 3, 12]),
        new("TN", "South", 0.636, 5_270, [76, 16, 4, 4]),
        new("TX", "South", 0.547, 21_060, [45, 12, 36, 7]),
        new("UT", "West", 0.624, 2_210, [80, 1, 12, 7]),
        new("VT", "Northeast", 0.348, 510, [93, 1, 2, 4]),
        new("VA", "South", 0.472, 6_620, [64, 19, 8, 9]),
        new("WA", "West", 0.412, 5_850, [70, 4, 11, 15]),
        new("WV", "South", 0.722, 1_430, [92, 4, 1, 3]),
        new("WI", "North Central", 0.504, 4_510, [83, 6, 6, 5]),
        new("WY", "West", 0.757, 440, [85, 1, 9, 5]),
    ];
}
