using System.Globalization;

namespace Ferry.Core.Monitoring;

/// <summary>A number as a webhook's text and annotations show it: at most four decimals, no trailing zeros, invariant
/// culture (0.72, 0.8125, 3), so an alert's value and a run's scores read the same in every format.</summary>
internal static class WebhookNumber
{
    public static string Text(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
