using System.Globalization;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Data.Sources;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Core.Training;

namespace Ferry.Core.Lifecycle;

/// <summary>`ferry retrain`: trains a challenger on the spec's data plus the labelled production rows in `retrain.window`
/// but the latest fifth (only those rows with `retrain.source: production`), scores champion and challenger row by row
/// on that latest fifth, and decides by the gate there: the success metric's threshold, the latency budget,
/// `retrain.min_improvement`, and a significant gain in a paired test; too few rows to tell, it waits for labels. It
/// promotes nothing itself: <see cref="RetrainRuns"/> records the run and promotes what the gate passed.</summary>
public sealed class Retrainer(TimeProvider time)
{
    private const double HoldoutShare = 0.2;
    private const string Production = "labelled production rows";

    /// <param name="spec">The served model's spec.</param>
    /// <param name="champion">The champion the challenger must beat.</param>
    /// <param name="progress">Training progress, or null.</param>
    /// <param name="trained">Told the challenger and where its data came from as soon as it is trained, before the gate;
    /// returns the run as it now stands.</param>
    /// <param name="cancellationToken">Stops the training.</param>
    internal RetrainOutcome Run(ProblemSpec spec, ModelBundle champion, IProgress<TrainingProgress>? progress, Func<TrainingOutcome, RunLineage, RetrainRun> trained,
        CancellationToken cancellationToken)
    {
        var registry = ModelRegistry.Open(spec);
        var data = RecordSources.For(spec.Data, spec.SpecDirectory);
        var columns = Columns(data, cancellationToken);
        var retrain = spec.Retrain;
        var labelled = InWindow(LabelledRows(spec, registry, columns), retrain.Window);
        if (labelled.Count < retrain.MinLabels)
        {
            throw new FerryException($"model '{spec.Name}' has {labelled.Count} labelled production rows{WindowText(retrain.Window)}; retrain needs at least {retrain.MinLabels} "
                + $"(send the actual values with POST /v1/models/{spec.Name}/feedback or `ferry feedback`)");
        }

        var holdoutCount = (int)Math.Round(labelled.Count * HoldoutShare, MidpointRounding.AwayFromZero);
        var added = labelled.Take(labelled.Count - holdoutCount).ToArray();
        var holdout = new RowsSource($"the latest {holdoutCount} {Production}", columns, [.. labelled.Skip(added.Length).Select(row => row.Cells)]);
        var production = new RowsSource(Production, columns, [.. added.Select(row => row.Cells)]);
        var training = new TrainingPipeline(time).Run(spec, progress, cancellationToken,
            retrain.Source == RetrainSource.Production ? production : new AppendedSource(data, production), mayPromote: false);
        var run = trained(training, new RunLineage(training.Manifest.DataFingerprint, spec.SpecHash, added.Length,
            added.Length > 0 ? added[0].Id : null, added.Length > 0 ? added[^1].Id : null));

        var decision = Gate(spec, champion, BundleFile.Read(training.BundlePath), holdout, cancellationToken);
        return new RetrainOutcome(run, training, champion.Manifest.Version, added.Length, holdoutCount, spec.SuccessMetric.Name, decision);
    }

    /// <summary>Judges a run's challenger again, waiting at the gate: on every labelled production row logged after the
    /// last one it was trained on (the first judgement's held-out rows and those labelled since).</summary>
    internal (PromotionDecision Decision, int Rows) Regate(ProblemSpec spec, ModelBundle champion, ModelBundle challenger, RunLineage? lineage,
        DateTimeOffset started, CancellationToken cancellationToken)
    {
        var registry = ModelRegistry.Open(spec);
        var columns = Columns(RecordSources.For(spec.Data, spec.SpecDirectory), cancellationToken);
        var labelled = InWindow(LabelledRows(spec, registry, columns), spec.Retrain.Window);
        var last = lineage?.LastProductionId is { } id ? labelled.FindIndex(row => row.Id == id) : -1;
        var unseen = last >= 0 ? labelled.Skip(last + 1).ToArray() : [.. labelled.Where(row => row.At >= started)];
        var holdout = new RowsSource($"the {unseen.Length} {Production} it was not trained on", columns, [.. unseen.Select(row => row.Cells)]);
        return (unseen.Length == 0
            ? new PromotionDecision(PromotionVerdict.Wait, $"v{challenger.Manifest.Version} waits for labels: no labelled production row it was not trained on yet", double.NaN, null)
            : Gate(spec, champion, challenger, holdout, cancellationToken), unseen.Length);
    }

    private static PromotionDecision Gate(ProblemSpec spec, ModelBundle champion, ModelBundle challenger, RowsSource holdout, CancellationToken cancellationToken)
    {
        var metric = spec.SuccessMetric;
        var championAnswers = LabelledEvaluator.Answers(champion, holdout, cancellationToken);
        var challengerAnswers = LabelledEvaluator.Answers(challenger, holdout, cancellationToken);
        return PromotionPolicy.Decide(new PromotionCase(challenger.Manifest, challengerAnswers.Score(metric.Name), "on the held-out rows",
            new ChampionScore(champion.Manifest.Version, metric.Name, championAnswers.Score(metric.Name), SameRows: true),
            PairedAnswers.Pair(championAnswers, challengerAnswers), spec.Retrain.MinImprovement, spec.Split.Seed));
    }

    private List<LabelledRow> InWindow(List<LabelledRow> labelled, RetrainWindow window)
    {
        var since = window.Age is { } age ? time.GetUtcNow() - age : DateTimeOffset.MinValue;
        var recent = labelled.Where(row => row.At >= since).ToList();
        return window.Rows is { } rows && recent.Count > rows ? recent[^rows..] : recent;
    }

    private static string WindowText(RetrainWindow window) =>
        window.Rows is { } rows ? $" among its latest {rows}" : window.Age is { } age ? $" logged in the last {age.TotalDays:0.##} days" : "";

    private static string[] Columns(IRecordSource data, CancellationToken cancellationToken)
    {
        using var cursor = data.Open(cancellationToken);
        return [.. cursor.Columns];
    }

    /// <summary>Every labelled prediction of every version, oldest first, as a record of the data source's columns: the
    /// logged inputs (by name, in the text the source would hold) and the actual value in the target column.</summary>
    private static List<LabelledRow> LabelledRows(ProblemSpec spec, ModelRegistry registry, string[] columns)
    {
        var store = MonitoringStore.Open(spec);
        var target = Array.IndexOf(columns, spec.Target);
        var rows = new List<(LoggedPrediction Prediction, string?[] Cells)>();
        foreach (var version in registry.Versions(spec.Name))
        {
            var inputs = registry.ReadManifest(spec.Name, version.Version).Inputs;
            var map = inputs.Select(input => Array.IndexOf(columns, input.Name)).ToArray();
            foreach (var prediction in store.Labelled(spec.Name, version.Version, int.MaxValue))
            {
                var cells = new string?[columns.Length];
                for (var i = 0; i < inputs.Count && i < prediction.Values.Length; i++)
                {
                    if (map[i] >= 0)
                    {
                        cells[map[i]] = SourceText(inputs[i].Kind, prediction.Values[i]);
                    }
                }

                if (target >= 0)
                {
                    cells[target] = prediction.Actual;
                }

                rows.Add((prediction, cells));
            }
        }

        return [.. rows.OrderBy(row => row.Prediction.At).ThenBy(row => row.Prediction.Id, StringComparer.Ordinal)
            .Select(row => new LabelledRow(row.Prediction.Id, row.Prediction.At, row.Cells))];
    }

    /// <summary>A logged value (numbers, booleans and dates are logged as numbers) as the text a data file holds.</summary>
    private static string? SourceText(ColumnKind kind, string? logged) =>
        logged is null || kind is ColumnKind.Category or ColumnKind.Number || !ValueParser.TryNumber(logged, out var value) ? logged
            : kind == ColumnKind.Boolean ? (value != 0 ? "true" : "false")
            : ValueParser.FromDays(value).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A labelled production row: its prediction id, when it was logged, and its cells in the source's columns.</summary>
    private sealed record LabelledRow(string Id, DateTimeOffset At, string?[] Cells);
}
