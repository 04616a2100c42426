using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Core.Training;

namespace Ferry.Core.Lifecycle;

/// <summary>The whole training run of a spec: load, split, rank candidates by cross-validation, choose between the best
/// setting and a weighted ensemble of settings on their out-of-fold answers, refit the winner on the training part (a
/// classifier's probabilities calibrated when that lowers the log loss of its out-of-fold answers, then binary classes
/// decided at the threshold tuned on the calibrated answers when the success metric depends on it), score it once on the
/// test part, bundle and register it.</summary>
public sealed class TrainingPipeline(TimeProvider time)
{
    /// <param name="spec">The problem statement.</param>
    /// <param name="progress">Receives the stages and fits done.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <param name="source">The rows to train on, or null for the spec's data source.</param>
    /// <param name="mayPromote">False to register the version without making it champion (retrain decides that itself).</param>
    public TrainingOutcome Run(ProblemSpec spec, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken,
        IRecordSource? source = null, bool mayPromote = true)
    {
        var clock = SearchClock.Start(time);
        using var stages = new TrainingStages(spec.Name, progress);
        stages.Begin("load", $"loading {source?.Name ?? spec.Data.Source}");
        var (data, split, preparation) = PreparedData.Load(spec, source, cancellationToken);
        stages.Run?.SetTag("ferry.rows.train", split.Train.Length).SetTag("ferry.rows.test", split.Test.Length);
        // Profiled (for the report) before anything else is allocated: its column buffers are gone before training peaks.
        var profile = Profiler.Profile(data.Table, spec.Target, preparation.DuplicatesDropped);

        stages.Begin("cross_validate");
        var ranking = ModelSelection.Rank(data, split.Train, spec, progress, cancellationToken, clock);
        var ensemble = spec.Ensemble ? EnsembleSelection.Select(data, ranking) : null;
        stages.Run?.SetTag("ferry.settings", ranking.Leaderboard.Count);
        IReadOnlyList<LeaderboardEntry> leaderboard = ensemble is null ? ranking.Leaderboard : [ensemble.Entry, .. ranking.Leaderboard];
        // The chosen model's out-of-fold answers (the ensemble's weighted average, or the best single setting's): what is
        // fitted on them after the choice (the threshold) must be fitted on the answers of the model that is bundled.
        var chosen = ensemble?.OutOfFold ?? ranking.OutOfFold.FirstOrDefault();
        var winner = new CandidateSetting(leaderboard[0].Candidate, leaderboard[0].Parameters);
        stages.Begin("refit", $"refitting {Describe(winner, ensemble)} on {split.Train.Length} training rows")?.SetTag("ferry.candidate", winner.Name);
        var model = ensemble is null
            ? ModelTrainer.Fit(data, split.Train, winner, spec.Split.Seed, singleThreaded: false)
            : Refit(data, split.Train, ensemble, spec.Split.Seed, cancellationToken);
        var classWeights = ClassWeights.Balanced(data, split.Train) is { } weights
            ? data.Target.Classes.Select((label, c) => (label, weights[c])).ToDictionary(pair => pair.label, pair => pair.Item2)
            : [];
        var calibration = Calibrate(data, spec, chosen, stages);
        if (calibration.Calibrator is { } calibrator)
        {
            model = model.WithCalibrator(calibrator);
        }

        if (ThresholdTuning.Applies(spec.Type, spec.SuccessMetric) && chosen is not null)
        {
            var answers = calibration.Calibrator?.Calibrate(chosen.Scores) ?? chosen.Scores;
            model = model.WithThreshold(ThresholdTuning.Tune(
                [.. chosen.Rows.Select(row => data.Target.ClassIndex[row])], [.. answers.Select(score => score[1])], spec.SuccessMetric));
        }

        IReadOnlyList<EnsembleMember> members = ensemble is null ? [] : [.. ensemble.Members.Select(m => new EnsembleMember(m.Setting.Name, m.Setting.Parameters, m.Weight))];
        stages.Begin("test", $"scoring {split.Test.Length} test rows");
        var scores = ModelTrainer.Score(model, data, split.Test);
        var metrics = ModelEvaluator.Metrics(data, split.Test, scores, model.Threshold);
        var confusion = spec.Type.IsClassification()
            ? ClassificationMetrics.Confusion([.. split.Test.Select(row => data.Target.ClassIndex[row])], scores, data.Target.Classes.Length, model.Threshold)
            : null;
        var score = metrics[spec.SuccessMetric.Name];
        var reliability = spec.Type.IsClassification() ? Reliability.Compute([.. split.Test.Select(row => data.Target.ClassIndex[row])], scores) : null;
        stages.Begin("importance", "measuring importance and latency");
        var importance = PermutationImportance.Compute(model, data, split.Test, split.Train, spec.SuccessMetric.Name, spec.Split.Seed);
        var latency = LatencyProbe.Measure(model, data, split.Test, spec.Constraints.ExplainTop);
        var constraintsMet = spec.Constraints.LatencyMs is not { } budget || latency.P99Ms <= budget;

        stages.Begin("register");
        var registry = ModelRegistry.Open(spec);
        var champion = registry.Alias(spec.Name, ModelRegistry.Champion);
        var championScore = champion is { } c && registry.Versions(spec.Name).FirstOrDefault(v => v.Version == c) is { } held
            ? new ChampionScore(c, held.Metric, held.MetricValue, SameRows: false)
            : null;
        var manifest = default(ModelManifest)!;
        var registered = registry.Register(spec.Name, time, (version, directory) =>
        {
            manifest = new ModelManifest
            {
                Name = spec.Name,
                Version = version,
                Type = spec.Type,
                Target = spec.Target,
                Objective = spec.Objective,
                Monitor = spec.Monitor,
                Inputs = model.Featurizer.Inputs,
                Ranges = Ranges(data, split.Train),
                Classes = data.Target.Classes,
                Features = model.Featurizer.Features,
                Candidate = winner.Name,
                Threshold = model.Threshold,
                Calibration = model.Calibrator,
                ClassWeights = classWeights,
                Parameters = winner.Parameters,
                Ensemble = members,
                Leaderboard = leaderboard,
                Metrics = metrics,
                SuccessMetric = spec.SuccessMetric,
                SuccessMet = spec.SuccessMetric.IsMetBy(score),
                CreatedAt = time.GetUtcNow(),
                SpecHash = spec.SpecHash,
                DataFingerprint = data.Table.Fingerprint,
                TrainRows = split.Train.Length,
                TestRows = split.Test.Length,
                Preparation = preparation,
                Confusion = confusion,
                Importance = importance,
                Constraints = spec.Constraints,
                Latency = latency,
                ConstraintsMet = constraintsMet,
                ClassReport = confusion is null ? [] : ClassificationMetrics.Report(confusion, data.Target.Classes),
                ModelFormat = model.Model.Format,
                Trace = model.Trace,
                Reference = ReferenceProfiler.Build(data.Table, data.FeatureColumns, split.Train,
                    spec.Type.IsClassification() ? [.. scores.Select(score => data.Target.Classes[model.Decide(score)])] : null,
                    spec.Type.IsClassification() ? null : [.. scores.Select(score => score[0])], spec.Split.Seed),
            };
            var bundlePath = Path.Combine(directory, ModelRegistry.BundleFileName);
            BundleFile.Write(bundlePath, manifest, model);
            WriteJson(Path.Combine(directory, "metrics.json"), new
            {
                model = spec.Name,
                version,
                candidate = winner.Name,
                parameters = winner.Parameters,
                ensemble = members,
                test = metrics,
                confusion = manifest.Confusion,
                classes = manifest.ClassReport,
                leaderboard,
                calibration = reliability is null ? null : CalibrationJson(calibration, reliability)
            });
            stages.Begin("report", "writing report.html");
            double[] actual = [.. split.Test.Select(row => spec.Type.IsClassification() ? data.Target.ClassIndex[row] : data.Target.Values[row])];
            ReportWriter.Write(Path.Combine(directory, "report.html"), manifest, File.ReadAllText(spec.SpecPath), profile, actual, scores, calibration, reliability);
            WriteJson(Path.Combine(directory, "holdout.json"), new { source = spec.Data.Source, trainRows = split.Train.Order(), testRows = split.Test.Order() });
            return new ModelVersion(spec.Name, version, manifest.CreatedAt, winner.Name, spec.SuccessMetric.Name, score,
                manifest.SuccessMet, spec.SpecHash, manifest.DataFingerprint, new FileInfo(bundlePath).Length);
        });

        var becomesChampion = mayPromote && PromotionPolicy.Decide(PromotionCase.OnTestRows(manifest, championScore)).Promote;
        if (becomesChampion)
        {
            registry.SetChampion(spec.Name, registered.Version, time.GetUtcNow());
        }

        stages.Run?.SetTag("ferry.version", registered.Version).SetTag("ferry.champion", becomesChampion);
        stages.Done();
        return new TrainingOutcome(manifest, registry.BundlePath(spec.Name, registered.Version), becomesChampion, champion);
    }

    /// <summary>Refits every member of the ensemble on the training rows, one member per core, all on the rows featurized
    /// once: one featurizer makes every member's vectors.</summary>
    private static TrainedModel Refit(TrainingData data, int[] rows, Ensemble ensemble, int seed, CancellationToken cancellationToken)
    {
        var features = FoldFeatures.Build(data, rows);
        var fitted = new TrainedModel[ensemble.Members.Count];
        ParallelFits.For(fitted.Length, cancellationToken, m => fitted[m] = ModelTrainer.Fit(features, ensemble.Members[m].Setting, seed, singleThreaded: true));
        var model = new EnsembleModel([.. ensemble.Members.Select((member, m) => (member.Setting.Name, fitted[m].Model, member.Weight))]);
        return new TrainedModel(features.Featurizer, model, data.Type, data.Target.Classes, []);
    }

    private static string Describe(CandidateSetting winner, Ensemble? ensemble) => ensemble is null
        ? winner.Name
        : $"an ensemble of {string.Join(", ", ensemble.Members.Select(member => member.Setting.Name))}";

    /// <summary>A classifier's calibration, chosen on the chosen model's out-of-fold answers (before the threshold is tuned
    /// on them); none for regression, or without out-of-fold answers (a single setting that was not cross-validated).</summary>
    private static CalibrationChoice Calibrate(TrainingData data, ProblemSpec spec, OutOfFold? chosen, TrainingStages stages)
    {
        if (!spec.Type.IsClassification() || chosen is null)
        {
            return CalibrationChoice.None;
        }

        stages.Begin("calibrate", $"calibrating on {chosen.Rows.Length} out-of-fold answers");
        return Calibration.Choose([.. chosen.Rows.Select(row => data.Target.ClassIndex[row])], chosen.Scores, chosen.Folds, data.Target.Classes.Length,
            ThresholdTuning.Applies(spec.Type, spec.SuccessMetric) ? null : spec.Scoring);
    }

    /// <summary>metrics.json's `calibration`: the method kept ("none" without one), the cross-validated log loss without
    /// and with each method tried, and the test part's reliability curve and expected calibration error.</summary>
    private static object CalibrationJson(CalibrationChoice calibration, ReliabilityCurve reliability) => new
    {
        method = calibration.Calibrator?.Method ?? "none",
        cvLogLoss = double.IsNaN(calibration.Uncalibrated) ? null : calibration.Tried.Prepend(KeyValuePair.Create("none", calibration.Uncalibrated)).ToDictionary(),
        expectedCalibrationError = reliability.ExpectedCalibrationError,
        reliability = reliability.Bins.Select(bin => new { low = bin.Low, high = bin.High, meanPredicted = bin.MeanPredicted, observed = bin.Observed, count = bin.Count }),
    };

    private static Dictionary<string, double[]> Ranges(TrainingData data, int[] rows) => data.FeatureColumns
        .Where(c => data.Table.Columns[c].Kind != ColumnKind.Category)
        .Select(c => (Name: data.Table.Columns[c].Name, Values: rows.Select(row => (double)data.Table.Numbers(c)[row]).Where(v => !double.IsNaN(v)).ToArray()))
        .Where(pair => pair.Values.Length > 0)
        .ToDictionary(pair => pair.Name, pair => new[] { pair.Values.Min(), pair.Values.Max() });

    /// <summary>Serializes straight into the file: holdout.json lists every test row, millions on a large file.</summary>
    private static void WriteJson(string path, object value)
    {
        using var file = File.Create(path);
        JsonSerializer.Serialize(file, value, BundleJson.Options);
    }
}
