using Ferry.Core.Spec;

namespace Ferry.Core.Evaluation;

/// <summary>A model scored on new labelled rows (`ferry evaluate`): its metrics there beside those of its own test part.</summary>
/// <param name="Source">The file evaluated on.</param>
/// <param name="Model">The model's name.</param>
/// <param name="Version">The model's version.</param>
/// <param name="Rows">The rows that had an actual value and were scored.</param>
/// <param name="Unlabelled">The rows skipped because their actual value was missing.</param>
/// <param name="Metrics">The metrics on the scored rows.</param>
/// <param name="TestMetrics">The metrics recorded on the model's test part at training.</param>
/// <param name="Confusion">Counts of [actual class][predicted class]; null for regression.</param>
/// <param name="Classes">The class labels in confusion-matrix order; empty for regression.</param>
/// <param name="SuccessMetric">The spec's success metric.</param>
public sealed record LabelledEvaluation(
    string Source,
    string Model,
    int Version,
    int Rows,
    int Unlabelled,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> TestMetrics,
    int[][]? Confusion,
    IReadOnlyList<string> Classes,
    SuccessMetric SuccessMetric)
{
    /// <summary>True when the success metric on the new rows reaches its threshold (or none is set).</summary>
    public bool SuccessMet => SuccessMetric.IsMetBy(Metrics[SuccessMetric.Name]);
}
