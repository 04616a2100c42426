using System.Globalization;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Data.Sources;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Core.Training;

namespace Ferry.Core.Lifecycle;

/// <summary>`ferry retrain`: trains a challenger on the spec's data plus every labelled production row but the latest
/// fifth, scores champion and challenger on that latest fifth, and promotes the challenger only when it is better there
/// (and meets the success metric's threshold and the latency budget).</summary>
public sealed class Retrainer(TimeProvider time)
{
    /// <summary>The fewest labelled production rows a retrain needs.</summary>
    public const int MinLabelled = 50;

    private const double HoldoutShare = 0.2;
    private const string Production = "labelled production rows";

    public RetrainOutcome Run(ProblemSpec spec, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var registry = ModelRegistry.Open(spec);
        var champion = registry.Load(spec.Name, ModelRegistry.Champion);
        var data = RecordSources.For(spec.Data, spec.SpecDirectory);
        var columns = Columns(data, cancellationToken);
        var labelled = LabelledRows(spec, registry, columns);
        if (labelled.Count < MinLabelled)
        {
            throw new FerryException($"model '{spec.Name}' has {labelled.Count} labelled production rows; retrain needs at least {MinLabelled} "
                + $"(send the actual values with POST /v1/models/{spec.Name}/feedback or `ferry feedback`)");
        }

        var holdoutCount = (int)Math.Round(labelled.Count * HoldoutShare, MidpointRounding.AwayFromZero);
        var added = labelled.Take(labelled.Count - holdoutCount).ToArray();
        var holdout = new RowsSource($"the latest {holdoutCount} {Production}", columns, [.. labelled.Skip(added.Length)]);
        var training = new TrainingPipeline(time).Run(spec, progress, cancellationToken,
            new AppendedSource(data, new RowsSource(Production, columns, added)), mayPromote: false);

        var metric = spec.SuccessMetric;
        var championScore = LabelledEvaluator.Run(champion, holdout, cancellationToken).Metrics[metric.Name];
        var challengerScore = LabelledEvaluator.Run(BundleFile.Read(training.BundlePath), holdout, cancellationToken).Metrics[metric.Name];
        var decision = PromotionPolicy.Decide(new PromotionCase(training.Manifest, challengerScore, "on the held-out rows",
            new ChampionScore(champion.Manifest.Version, metric.Name, championScore, SameRows: true)));
        if (decision.Promote)
        {
            registry.SetChampion(spec.Name, training.Manifest.Version, time.GetUtcNow());
        }

        return new RetrainOutcome(training, champion.Manifest.Version, added.Length, holdoutCount, metric.Name, championScore, challengerScore,
            decision.Promote, decision.Reason);
    }

    private static string[] Columns(IRecordSource data, CancellationToken cancellationToken)
    {
        using var cursor = data.Open(cancellationToken);
        return [.. cursor.Columns];
    }

    /// <summary>Every labelled prediction of every version, oldest first, as a record of the data source's columns: the
    /// logged inputs (by name, in the text the source would hold) and the actual value in the target column.</summary>
    private static List<string?[]> LabelledRows(ProblemSpec spec, ModelRegistry registry, string[] columns)
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

        return [.. rows.OrderBy(row => row.Prediction.At).ThenBy(row => row.Prediction.Id, StringComparer.Ordinal).Select(row => row.Cells)];
    }

    /// <summary>A logged value (numbers, booleans and dates are logged as numbers) as the text a data file holds.</summary>
    private static string? SourceText(ColumnKind kind, string? logged) =>
        logged is null || kind is ColumnKind.Category or ColumnKind.Number || !ValueParser.TryNumber(logged, out var value) ? logged
            : kind == ColumnKind.Boolean ? (value != 0 ? "true" : "false")
            : ValueParser.FromDays(value).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
}
