namespace Ferry.Core.Lifecycle;

/// <summary>The champion a candidate must not fall behind.</summary>
/// <param name="Version">The champion's version.</param>
/// <param name="Metric">The metric <paramref name="Score"/> is in (no comparison when it is not the candidate's).</param>
/// <param name="Score">The champion's score.</param>
/// <param name="SameRows">True when both were scored on the same rows: then the candidate must be strictly better;
/// otherwise (each on its own test rows) no worse is enough.</param>
public sealed record ChampionScore(int Version, string Metric, double Score, bool SameRows);
