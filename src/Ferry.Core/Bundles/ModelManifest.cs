using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Features;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles;

/// <summary>The in-memory manifest of a model bundle, the record the rest of Ferry uses: everything needed to validate
/// input, featurize it, read the model's output and judge the model, besides the model itself. It is not the file:
/// manifest.json is <see cref="Format1.ManifestFile"/>, mapped to and from this record by <see cref="Format1.ManifestFormat"/>,
/// so renaming a property here (or in a record it holds) cannot change the bundle format.</summary>
public sealed record ModelManifest
{
    /// <summary>The bundle format this Ferry writes and reads (docs/decisions/013-bundle-format-contract.md).</summary>
    public const int CurrentFormat = Format1.ManifestFile.Number;

    public int Format { get; init; } = CurrentFormat;

    public required string Name { get; init; }

    public required int Version { get; init; }

    public required ProblemType Type { get; init; }

    public required string Target { get; init; }

    public string? Objective { get; init; }

    /// <summary>The input schema: the columns a request must have, in order.</summary>
    public required IReadOnlyList<ColumnInfo> Inputs { get; init; }

    /// <summary>The smallest and largest training value of each numeric input (dates as days since 1970), for forms and checks.</summary>
    public IReadOnlyDictionary<string, double[]> Ranges { get; init; } = new Dictionary<string, double[]>();

    /// <summary>Class labels in score order; empty for regression.</summary>
    public required IReadOnlyList<string> Classes { get; init; }

    /// <summary>The fitted featurizer, one entry per input column.</summary>
    public required IReadOnlyList<ColumnFeature> Features { get; init; }

    public required string Candidate { get; init; }

    /// <summary>The probability of the positive class above which a binary model answers that class: 0.5 unless tuned on
    /// out-of-fold answers for a success metric that depends on it (f1, precision, recall).</summary>
    public double Threshold { get; init; } = Decision.DefaultThreshold;

    /// <summary>The weight of each class's rows in the fit (balanced, when the rarest class is under 20% of the training
    /// rows); empty when the rows were not weighted.</summary>
    public IReadOnlyDictionary<string, double> ClassWeights { get; init; } = new Dictionary<string, double>();

    /// <summary>What calibrates the model's class probabilities, fitted on its out-of-fold answers; null when the model's
    /// own are served (as in every manifest written before calibration).</summary>
    public Calibrator? Calibration { get; init; }

    /// <summary>The winner's hyperparameters (none for an ensemble).</summary>
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>When <see cref="Candidate"/> is an ensemble, its members in the order they are summed, with their weights;
    /// empty for a single setting.</summary>
    public IReadOnlyList<EnsembleMember> Ensemble { get; init; } = [];

    public required IReadOnlyList<LeaderboardEntry> Leaderboard { get; init; }

    /// <summary>Metrics of the winner on the held-out test part.</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>Test-part counts of [actual class][predicted class]; null for regression.</summary>
    public int[][]? Confusion { get; init; }

    /// <summary>Precision, recall, F1 and support per class on the test part; empty for regression.</summary>
    public IReadOnlyList<ClassReport> ClassReport { get; init; } = [];

    /// <summary>Permutation importance of each input on the test part, most important first.</summary>
    public IReadOnlyList<FeatureImportance> Importance { get; init; } = [];

    public required Constraints Constraints { get; init; }

    /// <summary>Single-row prediction latency measured after training (explanations included).</summary>
    public required Latency Latency { get; init; }

    /// <summary>True when the latency fits constraints.latency_ms (or there is no budget).</summary>
    public required bool ConstraintsMet { get; init; }

    public required SuccessMetric SuccessMetric { get; init; }

    public required bool SuccessMet { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required string SpecHash { get; init; }

    public required string DataFingerprint { get; init; }

    public required int TrainRows { get; init; }

    public required int TestRows { get; init; }

    public required PreparationSummary Preparation { get; init; }

    /// <summary>The model entry's format: mlnet (model.zip), mlp (mlp.json), tree (tree.json) or ensemble (ensemble.json).</summary>
    public string ModelFormat { get; init; } = MlNetModel.FormatName;

    /// <summary>Loss and validation metric per epoch, for models trained in epochs (mlp).</summary>
    public IReadOnlyList<EpochTrace> Trace { get; init; } = [];

    /// <summary>The training distribution that live inputs and predictions are compared with for drift.</summary>
    public ReferenceProfile Reference { get; init; } = ReferenceProfile.Empty;

    /// <summary>The spec's `monitor:` section, so a server of a whole store (`ferry serve STORE`, no spec at hand)
    /// watches the model as its spec said; the defaults for bundles written before it was recorded.</summary>
    public MonitorSpec Monitor { get; init; } = MonitorSpec.Default;

    /// <summary>SHA-256 of the model entry, checked on every load.</summary>
    public string ModelSha256 { get; init; } = "";
}
