using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>What model selection found: the leaderboard, best first, and the out-of-fold answers of every setting it
/// cross-validated, in leaderboard order (empty when a single setting was not cross-validated).</summary>
internal sealed record Ranking(IReadOnlyList<LeaderboardEntry> Leaderboard, IReadOnlyList<OutOfFold> OutOfFold);
