using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>Turns rule states into alerts: a firing rule opens one alert (never a second while it is open), a rule
/// that clears resolves it; a rule without enough data to judge changes nothing.</summary>
internal static class AlertBook
{
    /// <returns>The alerts opened and resolved by this pass.</returns>
    public static IReadOnlyList<AlertChange> Apply(MonitoringReport report, IMonitoringStore store, DateTimeOffset now)
    {
        var changes = new List<AlertChange>();
        foreach (var rule in report.Rules.Where(rule => rule.Value is not null))
        {
            var alert = rule.Firing
                ? store.OpenAlert(report.Model, rule.Rule, rule.Value!.Value, rule.Threshold, rule.Message, now)
                : store.ResolveAlert(report.Model, rule.Rule, now);
            if (alert is not null)
            {
                changes.Add(new AlertChange(rule.Firing ? "opened" : "resolved", report.Version, alert with { Value = rule.Value!.Value, Message = rule.Message }));
            }
        }

        return changes;
    }
}
