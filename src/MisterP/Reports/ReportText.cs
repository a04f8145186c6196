using System.Globalization;

namespace MisterP.Reports;

/// <summary>Numbers as a report shows them: invariant culture, fixed digits, a dash for what is not known.</summary>
internal static class ReportText
{
    public const string Missing = "—";

    public static string Number(double value, string format = "0.000") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : Missing;

    public static string Count(double value) =>
        double.IsFinite(value) ? value.ToString("#,0", CultureInfo.InvariantCulture) : Missing;

    /// <summary>A share as a percentage: whole percents, one decimal below 10% (so 0.2% does not read as 0%).</summary>
    public static string Percent(double share) =>
        double.IsFinite(share) ? (share * 100).ToString(Math.Abs(share) < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%" : Missing;

    public static string Signed(double value, string format = "0.000") =>
        double.IsFinite(value) ? (value >= 0 ? "+" : string.Empty) + value.ToString(format, CultureInfo.InvariantCulture) : Missing;
}
