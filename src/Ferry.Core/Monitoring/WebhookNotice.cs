using System.Globalization;
using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>What one webhook tells, before it is shaped for a receiver (<see cref="WebhookBodies"/>): an alert that opened
/// or resolved, or a stage a run reached.</summary>
/// <param name="Model">The model it is about.</param>
/// <param name="What">What it is, for the log (<c>alert accuracy_below</c>, <c>run 7 (gate)</c>).</param>
/// <param name="Text">One line a person reads: model, rule or stage, value and threshold or evidence, the dashboard link.</param>
/// <param name="Title">A few words (a card's title, a message's summary).</param>
/// <param name="Firing">True while the alert is open or the run goes on.</param>
/// <param name="Severity">warning or info.</param>
/// <param name="Labels">What identifies it (Alertmanager's labels: the same for its opening and its resolution).</param>
/// <param name="Annotations">What describes it (Alertmanager's annotations).</param>
/// <param name="StartsAt">When the alert opened or the run started.</param>
/// <param name="EndsAt">When it resolved or the run ended, or null.</param>
/// <param name="Dashboard">The model's dashboard, when its address is known.</param>
/// <param name="Ferry">Ferry's own body (<see cref="AlertEvent"/> or <see cref="RunEvent"/>).</param>
internal sealed record WebhookNotice(
    string Model,
    string What,
    string Text,
    string Title,
    bool Firing,
    string Severity,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    Uri? Dashboard,
    object Ferry)
{
    public static WebhookNotice Of(AlertChange change, Uri? dashboard)
    {
        var alert = change.Alert;
        var opened = change.Event == "opened";
        var text = $"Ferry: {alert.Model} v{change.Version} alert {alert.Rule} {change.Event} (value {WebhookNumber.Text(alert.Value)}, threshold {WebhookNumber.Text(alert.Threshold)}): {alert.Message}"
            + Link(dashboard);
        return new WebhookNotice(alert.Model, $"alert {alert.Rule}", text, $"Ferry: {alert.Model} {alert.Rule} {change.Event}", opened, "warning",
            new Dictionary<string, string> { ["alertname"] = alert.Rule, ["model"] = alert.Model, ["severity"] = "warning" },
            new Dictionary<string, string>
            {
                ["summary"] = text,
                ["description"] = alert.Message,
                ["value"] = WebhookNumber.Text(alert.Value),
                ["threshold"] = WebhookNumber.Text(alert.Threshold),
                ["version"] = change.Version.ToString(CultureInfo.InvariantCulture),
            },
            alert.OpenedAt, opened ? null : alert.ResolvedAt, dashboard, new AlertEvent(change.Event, text, change.Version, alert));
    }

    public static WebhookNotice Of(RetrainRun run, Uri? dashboard)
    {
        var notice = RunEvent.Of(run, dashboard);
        var severity = notice.Stage is RunStages.Failed or RunStages.RolledBack ? "warning" : "info";
        return new WebhookNotice(run.Model, $"run {run.Id} ({notice.Stage})", notice.Text, $"Ferry: {run.Model} run {run.Id} {notice.Stage}", run.IsOpen, severity,
            new Dictionary<string, string>
            {
                ["alertname"] = "ferry_run",
                ["model"] = run.Model,
                ["run"] = run.Id.ToString(CultureInfo.InvariantCulture),
                ["severity"] = severity,
            },
            new Dictionary<string, string>
            {
                ["summary"] = notice.Text,
                ["description"] = notice.Reason,
                ["stage"] = notice.Stage,
                ["trigger"] = notice.Trigger,
            },
            run.StartedAt, run.IsOpen ? null : notice.At, dashboard, notice);
    }

    /// <summary>The dashboard link that ends a notice's text, or nothing when its address is unknown.</summary>
    public static string Link(Uri? dashboard) => dashboard is null ? "" : $" - {dashboard.AbsoluteUri}";
}
