namespace Ferry.Core.Training;

/// <summary>One member of an ensemble: the candidate and parameters refitted on the training part, and its weight in the
/// average (the share of the selection rounds that picked it; the weights sum to 1).</summary>
public sealed record EnsembleMember(string Candidate, IReadOnlyDictionary<string, double> Parameters, double Weight);
