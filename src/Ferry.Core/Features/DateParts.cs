using Ferry.Core.Data;

namespace Ferry.Core.Features;

/// <summary>Numeric parts of a date stored as days since 1970-01-01.</summary>
internal static class DateParts
{
    public static IReadOnlyList<string> Default { get; } = ["year", "month", "day", "dayofweek"];

    /// <param name="part">year, month, day, dayofweek, hour, quarter or days_since.</param>
    /// <param name="days">The date, in days since 1970-01-01.</param>
    /// <param name="reference">The date days_since counts back from.</param>
    public static double Part(string part, double days, double reference)
    {
        var date = ValueParser.FromDays(days);
        return part switch
        {
            "year" => date.Year,
            "month" => date.Month,
            "day" => date.Day,
            "dayofweek" => (int)date.DayOfWeek,
            "hour" => date.Hour,
            "quarter" => (date.Month + 2) / 3,
            "days_since" => reference - days,
            _ => throw new ArgumentOutOfRangeException(nameof(part), part, "unknown date part"),
        };
    }
}
