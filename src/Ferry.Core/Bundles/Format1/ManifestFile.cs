using System.Text.Json.Serialization;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>manifest.json of bundle format 1, as the file holds it: every JSON name is spelled out here, and every value
/// is a type of this namespace or a plain JSON value, so no change to an in-memory record can change the file
/// (<see cref="ManifestFormat"/> maps it to and from <see cref="ModelManifest"/>). A required property must be in every
/// manifest; any other may be absent (from manifests written before it was recorded) and reads as its default.</summary>
internal sealed record ManifestFile
{
    public const int Number = 1;

    /// <summary>The model entry's format of manifests written before it was recorded: ML.NET's model.zip.</summary>
    public const string MlNetModelFormat = "mlnet";

    [JsonPropertyName("format")]
    public int Format { get; init; } = Number;

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("version")]
    public required int Version { get; init; }

    [JsonPropertyName("type")]
    public required ProblemTypeName Type { get; init; }

    [JsonPropertyName("target")]
    public required string Target { get; init; }

    [JsonPropertyName("objective")]
    public string? Objective { get; init; }

    [JsonPropertyName("inputs")]
    public required IReadOnlyList<ColumnFile> Inputs { get; init; }

    [JsonPropertyName("ranges")]
    public IReadOnlyDictionary<string, double[]> Ranges { get; init; } = new Dictionary<string, double[]>();

    [JsonPropertyName("classes")]
    public required IReadOnlyList<string> Classes { get; init; }

    [JsonPropertyName("features")]
    public required IReadOnlyList<FeatureFile> Features { get; init; }

    [JsonPropertyName("candidate")]
    public required string Candidate { get; init; }

    /// <summary>Absent when 0.5, as in every manifest written before thresholds were tuned.</summary>
    [JsonPropertyName("threshold")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Threshold { get; init; }

    /// <summary>Absent when the rows were not weighted, as in every manifest written before class weights.</summary>
    [JsonPropertyName("classWeights")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, double>? ClassWeights { get; init; }

    /// <summary>Absent when the model's probabilities are not calibrated, as in every manifest written before calibration.</summary>
    [JsonPropertyName("calibration")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public CalibrationFile? Calibration { get; init; }

    [JsonPropertyName("parameters")]
    public required IReadOnlyDictionary<string, double> Parameters { get; init; }

    /// <summary>Absent when the model is a single setting, as in every manifest written before ensembles.</summary>
    [JsonPropertyName("ensemble")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<EnsembleMemberFile>? Ensemble { get; init; }

    [JsonPropertyName("leaderboard")]
    public required IReadOnlyList<LeaderboardEntryFile> Leaderboard { get; init; }

    [JsonPropertyName("metrics")]
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    [JsonPropertyName("confusion")]
    public int[][]? Confusion { get; init; }

    [JsonPropertyName("classReport")]
    public IReadOnlyList<ClassReportFile> ClassReport { get; init; } = [];

    [JsonPropertyName("importance")]
    public IReadOnlyList<ImportanceFile> Importance { get; init; } = [];

    [JsonPropertyName("constraints")]
    public required ConstraintsFile Constraints { get; init; }

    [JsonPropertyName("latency")]
    public required LatencyFile Latency { get; init; }

    [JsonPropertyName("constraintsMet")]
    public required bool ConstraintsMet { get; init; }

    [JsonPropertyName("successMetric")]
    public required SuccessMetricFile SuccessMetric { get; init; }

    [JsonPropertyName("successMet")]
    public required bool SuccessMet { get; init; }

    [JsonPropertyName("createdAt")]
    public required DateTimeOffset CreatedAt { get; init; }

    [JsonPropertyName("specHash")]
    public required string SpecHash { get; init; }

    [JsonPropertyName("dataFingerprint")]
    public required string DataFingerprint { get; init; }

    [JsonPropertyName("trainRows")]
    public required int TrainRows { get; init; }

    [JsonPropertyName("testRows")]
    public required int TestRows { get; init; }

    [JsonPropertyName("preparation")]
    public required PreparationFile Preparation { get; init; }

    [JsonPropertyName("modelFormat")]
    public string ModelFormat { get; init; } = MlNetModelFormat;

    [JsonPropertyName("trace")]
    public IReadOnlyList<EpochFile> Trace { get; init; } = [];

    [JsonPropertyName("reference")]
    public ReferenceFile Reference { get; init; } = ReferenceFile.From(ReferenceProfile.Empty);

    [JsonPropertyName("monitor")]
    public MonitorFile Monitor { get; init; } = MonitorFile.From(MonitorSpec.Default);

    [JsonPropertyName("modelSha256")]
    public string ModelSha256 { get; init; } = "";
}
