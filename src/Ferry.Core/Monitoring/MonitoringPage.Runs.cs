using System.Globalization;
using System.Text;
using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>The page's timeline of the retraining loop: each run with its trigger, start and stage, and every step it took.</summary>
public static partial class MonitoringPage
{
    private static void Runs(StringBuilder html, IReadOnlyList<RetrainRun> runs)
    {
        html.Append("<h2>Runs</h2>");
        if (runs.Count == 0)
        {
            html.Append("<p>No runs yet.</p>");
            return;
        }

        html.Append("<div id=\"runs\">");
        foreach (var run in runs)
        {
            var stage = run.IsOpen ? $"<span class=\"open\">{E(run.Stage)} (in progress)</span>" : E(run.Stage);
            var challenger = run.Challenger is { } version ? $", challenger v{version}" : "";
            html.Append(CultureInfo.InvariantCulture, $"<h3 data-run=\"{run.Id}\">Run {run.Id}: {stage}</h3>");
            html.Append(CultureInfo.InvariantCulture, $"<p>Started {run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC by {E(run.Trigger)}; champion v{run.Champion}{challenger}.</p>");
            html.Append("<table class=\"run\"><tr><th>stage</th><th>at</th><th>rows</th><th>champion</th><th>challenger</th><th>test</th><th>statistic</th><th>p-value</th><th>reason</th></tr>");
            foreach (var step in run.Steps)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(step.Stage)}</td><td>{step.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{step.Rows}</td><td>{F(step.ChampionScore)}</td>");
                html.Append(CultureInfo.InvariantCulture, $"<td>{F(step.ChallengerScore)}</td><td>{E(step.Test ?? "")}</td><td>{F(step.Statistic)}</td><td>{F(step.PValue)}</td><td>{E(step.Reason)}</td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</div>");
    }

    private static string F(double? value) => value is { } v ? F(v) : "";
}
