namespace Ferry.Core.Training;

/// <summary>A candidate with one full set of hyperparameters: what is cross-validated, ranked and refitted.</summary>
internal sealed record CandidateSetting(string Name, IReadOnlyDictionary<string, double> Parameters);
