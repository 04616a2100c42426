namespace Ferry.Core.Monitoring;

/// <summary>A window of live values of one column: numbers (NaN: missing) or texts (null: missing).</summary>
internal sealed record LiveColumn(string Name, double[]? Numbers, IReadOnlyList<string?>? Texts);
