using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>What model selection found: the leaderboard, best first, and the out-of-fold answers of every setting it
/// cross-validated, in leaderboard order (empty when a single setting was not cross-validated).</summary>
internal sealed record Ranking(IReadOnlyList<LeaderboardEntry> Leaderboard, IReadOnlyList<OutOfFold> OutOfFold)
{
    /// <summary>The folds the answers came from: each out-of-fold answer's rows are their validation rows, in this order.
    /// What scores anything else fitted on those answers (an ensemble) as the leaderboard scored the settings.</summary>
    public IReadOnlyList<(int[] Fit, int[] Validate)> Folds { get; init; } = [];

    /// <summary>True for leave-one-out: a score pools every held-out answer instead of averaging folds.</summary>
    public bool Pooled { get; init; }
}
