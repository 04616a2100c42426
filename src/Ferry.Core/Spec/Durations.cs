using System.Globalization;

namespace Ferry.Core.Spec;

/// <summary>Durations written as a whole number and a unit: 30s, 30m, 12h, 7d, 2w.</summary>
public static class Durations
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length < 2 || !int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount <= 0)
        {
            return false;
        }

        TimeSpan? unit = text[^1] switch
        {
            's' => TimeSpan.FromSeconds(1),
            'm' => TimeSpan.FromMinutes(1),
            'h' => TimeSpan.FromHours(1),
            'd' => TimeSpan.FromDays(1),
            'w' => TimeSpan.FromDays(7),
            _ => null,
        };
        if (unit is not { } step || amount > TimeSpan.MaxValue.Ticks / step.Ticks)
        {
            return false;
        }

        duration = step * amount;
        return true;
    }
}
