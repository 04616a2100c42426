using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Greedy ensemble selection with replacement (Caruana et al. 2004, as auto-sklearn and AutoGluon do) over the
/// out-of-fold answers of the ranking's best settings: start from the best single setting, and each round add (again,
/// if it is the best pick) the setting whose answers, averaged with those picked so far, score best; the ensemble is the
/// best-scoring round, each setting weighted by how often it was picked. Every score is the leaderboard's own
/// (<see cref="ModelSelection.Summarize"/>: the metric on each fold's rows, averaged over folds), so the ensemble is kept
/// only when it beats the best single setting's leaderboard mean; a tie keeps the single setting. A round scores its
/// candidates on every core, and picks the first best of them, so the result does not depend on the threads.</summary>
internal static class EnsembleSelection
{
    /// <summary>The settings that may be picked: the best this many by CV (auto-sklearn's ensemble_nbest is 50).</summary>
    public const int LibrarySize = 20;

    /// <summary>Picks made, the best single setting's included (AutoGluon makes 25, auto-sklearn 50).</summary>
    public const int Rounds = 25;

    /// <param name="data">The prepared data (the answers' actual classes or values).</param>
    /// <param name="ranking">The leaderboard and out-of-fold answers, best first, and their folds.</param>
    /// <returns>The ensemble, or null when none beats the best single setting (or there is nothing to combine).</returns>
    public static Ensemble? Select(TrainingData data, Ranking ranking)
    {
        int[] library = [.. Enumerable.Range(0, Math.Min(LibrarySize, ranking.OutOfFold.Count)).Where(s => !double.IsNaN(ranking.Leaderboard[s].Mean))];
        if (library.Length < 2 || library[0] != 0 || ranking.Folds.Count == 0)
        {
            return null;
        }

        var best = ranking.Leaderboard[0];
        bool Beats(double score, double than) => MetricNames.Beats(best.Metric, score, than);
        var sum = ranking.OutOfFold[0].Scores.Select(row => (double[])row.Clone()).ToArray();
        var counts = new int[library.Length];
        counts[0] = 1;
        var (bestCounts, bestScore) = ((int[])counts.Clone(), best.Mean);
        for (var round = 2; round <= Rounds; round++)
        {
            var scores = new double[library.Length];
            Parallel.For(0, library.Length, m => scores[m] = Score(data, ranking, Average(sum, ranking.OutOfFold[library[m]].Scores, round), best.Metric).Mean);
            var (pick, pickScore) = (0, scores[0]);
            for (var m = 1; m < library.Length; m++)
            {
                if (Beats(scores[m], pickScore))
                {
                    (pick, pickScore) = (m, scores[m]);
                }
            }

            Add(sum, ranking.OutOfFold[library[pick]].Scores);
            counts[pick]++;
            if (Beats(pickScore, bestScore))
            {
                (bestCounts, bestScore) = ((int[])counts.Clone(), pickScore);
            }
        }

        if (bestCounts.Count(count => count > 0) < 2)
        {
            return null;
        }

        var ensemble = Build(data, ranking, [.. library.Select((s, m) => (s, bestCounts[m])).Where(pick => pick.Item2 > 0)]);
        return Beats(ensemble.Entry.Mean, best.Mean) ? ensemble : null;
    }

    /// <summary>The ensemble of the picked settings (index into the ranking, times picked): its answers weighted exactly
    /// as <see cref="EnsembleModel"/> weighs its members' outputs, and scored.</summary>
    private static Ensemble Build(TrainingData data, Ranking ranking, (int Setting, int Count)[] picks)
    {
        var total = picks.Sum(pick => pick.Count);
        var members = picks.Select(pick => (Answers: ranking.OutOfFold[pick.Setting], Weight: (double)pick.Count / total)).ToArray();
        var rows = members[0].Answers.Scores;
        var scores = rows.Select((first, row) =>
        {
            var output = new double[first.Length];
            foreach (var (answers, weight) in members)
            {
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] += weight * answers.Scores[row][i];
                }
            }

            return output;
        }).ToArray();
        var best = ranking.Leaderboard[0];
        var (mean, std) = Score(data, ranking, scores, best.Metric);
        var entry = new LeaderboardEntry(Ensemble.Candidate, new Dictionary<string, double>(), best.Metric, mean, std, best.Folds,
            picks.Sum(pick => ranking.Leaderboard[pick.Setting].FitSeconds));
        return new Ensemble([.. members.Select(member => (member.Answers.Setting, member.Weight))], entry,
            new OutOfFold(new CandidateSetting(Ensemble.Candidate, entry.Parameters), members[0].Answers.Rows, scores, members[0].Answers.Folds));
    }

    /// <summary>The leaderboard's score of out-of-fold answers given in fold order.</summary>
    private static (double Mean, double Std) Score(TrainingData data, Ranking ranking, double[][] scores, string metric)
    {
        var perFold = new double[ranking.Folds.Count][][];
        for (int f = 0, start = 0; f < perFold.Length; start += perFold[f].Length, f++)
        {
            perFold[f] = scores[start..(start + ranking.Folds[f].Validate.Length)];
        }

        return ModelSelection.Summarize(data, ranking.Folds, perFold, metric, ranking.Pooled);
    }

    /// <summary>(sum + added) / count, row by row.</summary>
    private static double[][] Average(double[][] sum, double[][] added, int count) =>
        [.. sum.Select((row, r) => row.Select((value, i) => (value + added[r][i]) / count).ToArray())];

    private static void Add(double[][] sum, double[][] added)
    {
        for (var r = 0; r < sum.Length; r++)
        {
            for (var i = 0; i < sum[r].Length; i++)
            {
                sum[r][i] += added[r][i];
            }
        }
    }
}
