namespace Ferry.Core.Storage;

/// <summary>Feedback that contradicts the label already recorded for a prediction (earlier, or earlier in the same batch).</summary>
public sealed record FeedbackConflict(string Id, string Recorded, string Sent);
