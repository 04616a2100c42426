namespace Ferry.Core.Storage;

/// <summary>A prediction read back from the log: input values as text in input order (null: missing), the label or
/// value, the probability of the predicted class (classification), and the ground truth once feedback arrived.</summary>
public sealed record LoggedPrediction(
    string Id, int Version, DateTimeOffset At, double LatencyMs, string?[] Values, string? Label, double? Value, double? Confidence, string? Actual);
