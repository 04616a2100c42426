namespace Ferry.Core.Monitoring;

/// <summary>The outcome of the prediction log's latest write to the store.</summary>
/// <param name="At">When it ended.</param>
/// <param name="Error">The store's error when it failed (after retries); null when it was written.</param>
public sealed record StoreWrite(DateTimeOffset At, string? Error);
