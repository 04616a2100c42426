namespace Ferry.Core.Training;

/// <summary>Scores one feature vector. Not thread-safe: one per thread, or pooled.</summary>
internal interface IScorer
{
    /// <summary>Writes class probabilities (classification, one per class) or the value (regression, one slot).</summary>
    void Score(float[] features, Span<double> output);
}
