namespace Ferry.Core.Storage;

/// <summary>An alert: a rule of `monitor.alerts` crossed by a model, open until the rule clears.</summary>
public sealed record Alert(long Id, string Model, string Rule, double Value, double Threshold, string Message, DateTimeOffset OpenedAt, DateTimeOffset? ResolvedAt);
