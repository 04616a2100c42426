namespace Ferry.Core.Monitoring;

/// <summary>How the latest operation of a store's user (the prediction log's write, the monitor's check) ended.</summary>
/// <param name="At">When it ended.</param>
/// <param name="Error">The error when it failed; null when it succeeded.</param>
public sealed record StoreOutcome(DateTimeOffset At, string? Error);
