namespace Ferry.Core.Evaluation;

/// <summary>What drift is measured against, stored in the bundle: each input's training distribution and the
/// distribution of the model's predictions on the test part.</summary>
/// <param name="Rows">Reference rows: fewer than 1001 picks the statistical tests, more the distances (as Evidently does).</param>
/// <param name="Features">One reference per input column, in input order.</param>
/// <param name="Prediction">The predicted labels or values on the test part.</param>
public sealed record ReferenceProfile(int Rows, IReadOnlyList<FeatureReference> Features, FeatureReference? Prediction)
{
    public static ReferenceProfile Empty { get; } = new(0, [], null);
}
