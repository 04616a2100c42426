using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>An ensemble that beat the best single setting in cross-validation: its members and weights, its leaderboard
/// row (scored as the leaderboard scores a setting; its fit seconds are the members' summed), and its out-of-fold answers
/// (the members' weighted average).</summary>
internal sealed record Ensemble(IReadOnlyList<(CandidateSetting Setting, double Weight)> Members, LeaderboardEntry Entry, OutOfFold OutOfFold)
{
    /// <summary>The leaderboard's and the manifest's candidate name of an ensemble.</summary>
    public const string Candidate = "ensemble";
}
