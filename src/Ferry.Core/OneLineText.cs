namespace Ferry.Core;

/// <summary>A message of several lines (a driver's or the file system's) as the one line an error, a log entry or a
/// run step gives.</summary>
public static class OneLineText
{
    public static string Of(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
