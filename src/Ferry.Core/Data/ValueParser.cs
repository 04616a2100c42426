using System.Globalization;

namespace Ferry.Core.Data;

/// <summary>Parses text cells into typed values the same way for training data and prediction input.</summary>
public static class ValueParser
{
    private const int LongestMissing = 4;

    private static readonly HashSet<string> s_missing = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "NA", "N/A", "NaN", "null", "None", "?",
    };

    private static readonly string[] s_dateFormats =
    [
        "yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ssK",
        "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm", "yyyy/MM/dd", "yyyy/MM/dd HH:mm:ss",
    ];

    private static readonly DateTime s_epoch = new(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Null, empty, or a missing-value token (NA, N/A, NaN, null, None, ?), ignoring case and surrounding
    /// spaces. Every cell of every file is asked, so a cell longer than the longest token with no space at either end
    /// is answered without the lookup.</summary>
    public static bool IsMissing(string? text) =>
        text is null
        || ((text.Length <= LongestMissing || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1])) && s_missing.Contains(text.Trim()));

    public static bool TryNumber(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    public static bool TryBoolean(string text, out double value)
    {
        if (bool.TryParse(text.Trim(), out var flag))
        {
            value = flag ? 1 : 0;
            return true;
        }

        value = double.NaN;
        return false;
    }

    /// <summary>Parses a date into days since 1970-01-01 UTC.</summary>
    public static bool TryDate(string text, out double days)
    {
        if (DateTime.TryParseExact(text.Trim(), s_dateFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
        {
            days = (date - s_epoch).TotalDays;
            return true;
        }

        days = double.NaN;
        return false;
    }

    public static DateTime FromDays(double days) => s_epoch.AddDays(days);

    /// <summary>Parses a non-missing cell of a numeric kind; false when the text is not of that kind.</summary>
    public static bool TryParse(ColumnKind kind, string text, out double value) => kind switch
    {
        ColumnKind.Number => TryNumber(text, out value),
        ColumnKind.Boolean => TryBoolean(text, out value),
        ColumnKind.Date => TryDate(text, out value),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "categories are not parsed"),
    };

    public static string Describe(ColumnKind kind) => kind switch
    {
        ColumnKind.Number => "a number",
        ColumnKind.Boolean => "true or false",
        ColumnKind.Date => "a date such as 2024-01-31",
        _ => "a category",
    };
}
