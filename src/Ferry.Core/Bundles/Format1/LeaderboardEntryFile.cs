using System.Text.Json.Serialization;
using Ferry.Core.Training;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One row of the manifest's `leaderboard` (<see cref="LeaderboardEntry"/>).</summary>
internal sealed record LeaderboardEntryFile(
    [property: JsonPropertyName("candidate")] string Candidate,
    [property: JsonPropertyName("parameters")] IReadOnlyDictionary<string, double> Parameters,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("mean")] double Mean,
    [property: JsonPropertyName("stdDev")] double StdDev,
    [property: JsonPropertyName("folds")] int Folds,
    [property: JsonPropertyName("fitSeconds")] double FitSeconds)
{
    public static LeaderboardEntryFile From(LeaderboardEntry entry) =>
        new(entry.Candidate, entry.Parameters, entry.Metric, entry.Mean, entry.StdDev, entry.Folds, entry.FitSeconds);

    public LeaderboardEntry ToEntry() => new(Candidate, Parameters, Metric, Mean, StdDev, Folds, FitSeconds);
}
