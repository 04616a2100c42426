using System.Globalization;
using System.Net;
using System.Text;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;

namespace Ferry.Core.Lifecycle;

/// <summary>Writes report.html: one self-contained page (charts embedded as PNG data, no network) with the
/// problem statement, data profile, preparation, leaderboard, test metrics, the calibration of a classifier's
/// probabilities with their reliability curve, the decision (class weights; a binary
/// model's threshold with precision, recall and F1 against it), confusion matrix, ROC and PR curves or
/// predicted-vs-actual and residuals, feature importance and the training trace.</summary>
internal static partial class ReportWriter
{
    private const string Style = """
        <style>
        body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #1b2733; }
        table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; } th, td { border: 1px solid #ccd5de; padding: 0.25rem 0.6rem; text-align: left; }
        th { background: #eef2f6; } img { max-width: 100%; margin: 0.5rem 0; } pre { background: #f4f6f8; padding: 1rem; overflow-x: auto; }
        .met { color: #1a7f37; font-weight: bold; } .missed { color: #c62828; font-weight: bold; }
        </style></head><body>
        """;

    /// <param name="path">Where to write.</param>
    /// <param name="manifest">The version's manifest.</param>
    /// <param name="specText">The ferry.yaml the version was trained from.</param>
    /// <param name="profile">The profile of the loaded data.</param>
    /// <param name="actual">Test-part class indices (classification) or values (regression).</param>
    /// <param name="scores">Test-part class probabilities, or predicted values in slot 0.</param>
    /// <param name="calibration">What calibration found on the out-of-fold answers.</param>
    /// <param name="reliability">The test part's reliability curve; null for regression.</param>
    public static void Write(string path, ModelManifest manifest, string specText, TableProfile profile, double[] actual, double[][] scores,
        CalibrationChoice calibration, ReliabilityCurve? reliability)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(manifest.Name)} v{manifest.Version}: Ferry report</title>");
        html.Append(Style);
        html.Append(CultureInfo.InvariantCulture, $"""
            <h1>{E(manifest.Name)} v{manifest.Version}</h1>
            <p>{E(manifest.Objective ?? "")}</p>
            <p>{manifest.Type.ToName()}, target <code>{E(manifest.Target)}</code>, winner <b>{E(manifest.Candidate)}</b>, trained {manifest.CreatedAt:yyyy-MM-dd HH:mm:ss} UTC
            on {manifest.TrainRows} rows, tested once on {manifest.TestRows} held-out rows.</p>
            """);
        Verdicts(html, manifest);
        html.Append("<h2>Problem statement</h2><pre>").Append(E(specText)).Append("</pre>");
        Profile(html, profile);
        Preparation(html, manifest);
        Leaderboard(html, manifest);
        Metrics(html, manifest);
        Calibration(html, manifest, calibration, reliability);
        Decision(html, manifest, actual, scores);
        Plots(html, manifest, actual, scores);
        html.Append("</body></html>\n");
        File.WriteAllText(path, html.ToString());
    }

    private static void Verdicts(StringBuilder html, ModelManifest manifest)
    {
        var metric = manifest.SuccessMetric;
        var value = manifest.Metrics[metric.Name];
        html.Append(CultureInfo.InvariantCulture, $"""<p id="verdict">Success metric {E(metric.Name)} = {N(value)}""");
        html.Append(metric.Threshold is { } threshold
            ? $" against threshold {N(threshold)}: <span class=\"{(manifest.SuccessMet ? "met\">met" : "missed\">not met")}</span>."
            : " (no threshold).");
        html.Append(CultureInfo.InvariantCulture, $" Single-row latency p50 {N(manifest.Latency.P50Ms)} ms, p99 {N(manifest.Latency.P99Ms)} ms");
        html.Append(manifest.Constraints.LatencyMs is { } budget
            ? $" against a budget of {N(budget)} ms: <span class=\"{(manifest.ConstraintsMet ? "met\">within" : "missed\">over budget")}</span>.</p>"
            : ".</p>");
    }

    private static void Profile(StringBuilder html, TableProfile profile)
    {
        html.Append(CultureInfo.InvariantCulture, $"<h2>Data</h2><p>{E(profile.Source)}: {profile.Rows} rows, {profile.Columns.Count} columns, {profile.Duplicates} exact duplicate rows.</p>");
        Table(html, ["column", "kind", "missing", "distinct", "mean", "std", "min", "median", "max", "most frequent"], profile.Columns.Select(c => new[]
        {
            c.Name, c.Kind.ToString().ToLowerInvariant(), c.Missing.ToString(CultureInfo.InvariantCulture), c.Distinct.ToString(CultureInfo.InvariantCulture),
            N(c.Mean), N(c.Std), N(c.Min), N(c.Median), N(c.Max), string.Join(", ", c.Top.Take(3).Select(t => $"{t.Key} ({t.Value})")),
        }));
    }

    private static void Preparation(StringBuilder html, ModelManifest manifest)
    {
        var p = manifest.Preparation;
        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>Preparation</h2><p>{p.RowsLoaded} rows loaded; dropped {p.MissingTargetDropped} without a target, {p.DuplicatesDropped} exact duplicates,
            {p.UndatedDropped} without a date to split by; training rows dropped: {p.MissingDropped} for missing values, {p.OutliersDropped} as outliers.
            {p.TrainRows} training rows{(p.SampledOut > 0 ? $" (fitted on a seeded sample of {p.TrainRows - p.SampledOut}, train.max_rows)" : "")}, {p.TestRows} test rows. Every fill value, bound and scale below was fitted on the training rows only.</p>
            """);
        if (p.IdentifierColumns.Count > 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Left out of the inputs: {E(string.Join(", ", p.IdentifierColumns))} ({E(PreparationSummary.IdentifierReason)}; "
                + $"name one in features.encode to use it anyway).</p>");
        }

        Table(html, ["column", "kind", "encoding", "fill", "clip", "log"], manifest.Features.Select(f => new[]
        {
            f.Column, f.Kind.ToString().ToLowerInvariant(), f.Encoding.ToString().ToLowerInvariant(),
            f.FillCategory ?? N(f.Fill), double.IsInfinity(f.ClipLow) ? "" : $"[{N(f.ClipLow)}, {N(f.ClipHigh)}]", f.Log ? "yes" : "",
        }));
    }

    private static void Leaderboard(StringBuilder html, ModelManifest manifest)
    {
        html.Append("<h2>Leaderboard</h2><p>Cross-validated on the training part, best first.</p>");
        Table(html, ["rank", "candidate", "parameters", $"{manifest.Leaderboard[0].Metric} mean", "std", "folds", "fit s/fold"], manifest.Leaderboard.Select((e, i) => new[]
        {
            (i + 1).ToString(CultureInfo.InvariantCulture), e.Candidate,
            string.Join(" ", e.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={N(p.Value)}")),
            N(e.Mean), N(e.StdDev), e.Folds.ToString(CultureInfo.InvariantCulture), N(e.FitSeconds),
        }));
        if (manifest.Ensemble.Count > 0)
        {
            html.Append("<h3>Ensemble</h3><p>The winner averages these settings' answers (class probabilities or values), each by its weight: "
                + "greedy selection with replacement on their out-of-fold answers beat the best single setting in cross-validation.</p>");
            Table(html, ["member", "parameters", "weight"], manifest.Ensemble.Select(m => new[]
            {
                m.Candidate, string.Join(" ", m.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={N(p.Value)}")), N(m.Weight),
            }));
        }
    }

    private static void Metrics(StringBuilder html, ModelManifest manifest)
    {
        html.Append("<h2>Test metrics</h2><table id=\"metrics\"><tr><th>metric</th><th>value</th></tr>");
        foreach (var (name, value) in manifest.Metrics)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-metric=\"{E(name)}\" data-value=\"{value:R}\"><td>{E(name)}</td><td>{N(value)}</td></tr>");
        }

        html.Append("</table>");
        if (manifest.ClassReport.Count > 0)
        {
            Table(html, ["class", "precision", "recall", "f1", "support"], manifest.ClassReport.Select(c => new[]
            {
                c.Class, N(c.Precision), N(c.Recall), N(c.F1), c.Support.ToString(CultureInfo.InvariantCulture),
            }));
        }
    }

    /// <summary>The thresholds the table lists beside the model's own.</summary>
    private static readonly double[] s_listedThresholds = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

    /// <summary>The class weights of the fit, and for a binary model the threshold it decides at with the test part's
    /// precision, recall and F1 against the threshold (a table, and a chart when the threshold was tuned).</summary>
    private static void Decision(StringBuilder html, ModelManifest manifest, double[] actual, double[][] scores)
    {
        if (!manifest.Type.IsClassification())
        {
            return;
        }

        html.Append("<h2>Decision</h2>");
        html.Append(manifest.ClassWeights.Count == 0
            ? "<p id=\"class-weights\">Rows not weighted by class.</p>"
            : $"<p id=\"class-weights\">Rows weighted by class (balanced: the rarest class is under 20% of the training rows): "
                + $"{E(string.Join(", ", manifest.ClassWeights.Select(w => $"{w.Key} {N(w.Value)}")))}.</p>");
        if (manifest.Classes.Count != 2)
        {
            return;
        }

        var tuned = ThresholdTuning.Applies(manifest.Type, manifest.SuccessMetric);
        var why = tuned ? $", tuned on the winner's out-of-fold answers for {E(manifest.SuccessMetric.Name)}" : $" ({E(manifest.SuccessMetric.Name)} does not depend on it)";
        html.Append(CultureInfo.InvariantCulture,
            $"<p id=\"threshold\" data-value=\"{manifest.Threshold:R}\">{E(manifest.Classes[1])} is answered above a probability of <b>{N(manifest.Threshold)}</b>{why}.</p>");
        var labels = actual.Select(a => (int)a).ToArray();
        var positive = scores.Select(s => s[1]).ToArray();
        var listed = ThresholdTuning.Curve(labels, positive, s_listedThresholds.Append(manifest.Threshold).Distinct().Order());
        html.Append("<table id=\"thresholds\"><tr><th>threshold (test part)</th><th>precision</th><th>recall</th><th>f1</th></tr>");
        foreach (var point in listed)
        {
            var chosen = point.Threshold == manifest.Threshold ? " class=\"met\"" : "";
            html.Append(CultureInfo.InvariantCulture, $"<tr{chosen}><td>{N(point.Threshold)}</td><td>{N(point.Precision)}</td><td>{N(point.Recall)}</td><td>{N(point.F1)}</td></tr>");
        }

        html.Append("</table>");
        if (!tuned)
        {
            return;
        }

        var curve = ThresholdTuning.Curve(labels, positive, Enumerable.Range(1, 99).Select(i => i / 100.0));
        double[] thresholds = [.. curve.Select(p => p.Threshold)];
        Image(html, "threshold-curve", Charts.Lines("Precision, recall and F1 against the threshold (test part)", "threshold", "value",
            [("precision", thresholds, [.. curve.Select(p => p.Precision)]), ("recall", thresholds, [.. curve.Select(p => p.Recall)]),
                ("f1", thresholds, [.. curve.Select(p => p.F1)])], diagonal: false));
    }

    /// <summary>The most test rows a scatter plot draws (a seeded sample beyond).</summary>
    private const int ScatterPoints = 5000;

    private static void Plots(StringBuilder html, ModelManifest manifest, double[] actual, double[][] scores)
    {
        html.Append("<h2>Charts</h2>");
        if (manifest.Type.IsClassification())
        {
            var classes = manifest.Classes;
            var labels = actual.Select(a => (int)a).ToArray();
            var shown = classes.Count == 2 ? [1] : Enumerable.Range(0, classes.Count).ToArray();
            Image(html, "confusion", Charts.ConfusionHeatmap(manifest.Confusion!, classes));
            Image(html, "roc", Charts.Lines("ROC curve (test part)", "false positive rate", "true positive rate",
                shown.Select(c => Named(classes[c], Curves.Roc(labels, scores, c))), diagonal: true));
            Image(html, "pr", Charts.Lines("Precision-recall curve (test part)", "recall", "precision",
                shown.Select(c => Named(classes[c], Curves.PrecisionRecall(labels, scores, c))), diagonal: false));
        }
        else
        {
            var rows = RowSample.Take([.. Enumerable.Range(0, actual.Length)], ScatterPoints, seed: 0);
            var shownActual = rows.Select(i => actual[i]).ToArray();
            var predicted = rows.Select(i => scores[i][0]).ToArray();
            var sampled = rows.Length < actual.Length ? $", a sample of {rows.Length}" : "";
            Image(html, "predicted-vs-actual", Charts.Scatter($"Predicted vs actual (test part{sampled})", "actual", "predicted", shownActual, predicted, identity: true));
            Image(html, "residuals", Charts.Scatter($"Residuals (test part{sampled})", "predicted", "actual - predicted", predicted,
                [.. shownActual.Zip(predicted, (a, p) => a - p)], identity: false));
        }

        if (manifest.Importance.Count > 0)
        {
            Image(html, "importance", Charts.HorizontalBars("Permutation importance", $"{manifest.SuccessMetric.Name} drop when shuffled",
                [.. manifest.Importance.Select(i => (i.Feature, i.Importance))]));
        }

        if (manifest.Trace.Count > 0)
        {
            var epochs = manifest.Trace.Select(t => (double)t.Epoch).ToArray();
            Image(html, "trace", Charts.Lines("Training trace", "epoch", "loss",
                [("train loss", epochs, [.. manifest.Trace.Select(t => t.TrainLoss)]), ("validation loss", epochs, [.. manifest.Trace.Select(t => t.ValidationLoss)])],
                diagonal: false));
        }
    }

    private static (string, double[], double[]) Named(string name, (double[] X, double[] Y) curve) => (name, curve.X, curve.Y);

    private static void Image(StringBuilder html, string id, byte[] png) =>
        html.Append(CultureInfo.InvariantCulture, $"<img id=\"{id}\" alt=\"{id}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">");

    private static void Table(StringBuilder html, string[] header, IEnumerable<string[]> rows)
    {
        html.Append("<table><tr>");
        foreach (var cell in header)
        {
            html.Append("<th>").Append(E(cell)).Append("</th>");
        }

        html.Append("</tr>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (var cell in row)
            {
                html.Append("<td>").Append(E(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        html.Append("</table>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string N(double? value) => value is not { } v || double.IsNaN(v) ? "" : v.ToString("0.####", CultureInfo.InvariantCulture);
}
