using System.Globalization;
using System.Text;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Evaluation;

public sealed class HalvingSearchTests
{
    /// <summary>A binary table with a known answer: yes when x1 + x2 * x3 plus noise is above 0, and a noise column.</summary>
    private static string Table(TestFiles files, int rows)
    {
        var random = new Random(5);
        var text = new StringBuilder("x1,x2,x3,noise,y\n");
        for (var i = 0; i < rows; i++)
        {
            var (x1, x2, x3) = (random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1);
            var yes = x1 + (x2 * x3) + (0.3 * (random.NextDouble() - 0.5)) > 0;
            text.Append(CultureInfo.InvariantCulture, $"{x1:0.####},{x2:0.####},{x3:0.####},{random.NextDouble():0.####},{(yes ? "yes" : "no")}\n");
        }

        return files.Write("data.csv", text.ToString());
    }

    private static Ranking Rank(TestFiles files, int rows, string train)
    {
        var spec = SpecLoader.Load(files.WriteSpec(Table(files, rows), "y", "binary-classification", extra: train));
        var (data, split, _) = PreparedData.Load(spec, null, CancellationToken.None);
        return ModelSelection.Rank(data, split.Train, spec, null, CancellationToken.None);
    }

    private static bool IsDefault(LeaderboardEntry entry) =>
        SearchSpace.Defaults(entry.Candidate).All(pair => entry.Parameters[pair.Key] == pair.Value);

    [Fact]
    public void Rank_DefaultPlan_TriesEveryFamilyAndDrawsBeyondTheDefaults()
    {
        using var files = new TestFiles();

        var ranking = Rank(files, 300, "train: { search: { cv: 3, n_iter: 3 } }");

        Assert.Equal(["boosted", "forest", "logistic", "mlp"], ranking.Leaderboard.Select(e => e.Candidate).Distinct().Order(StringComparer.Ordinal));
        Assert.All(CandidateNames.DefaultFor(ProblemType.BinaryClassification), family =>
            Assert.Contains(ranking.Leaderboard, e => e.Candidate == family && !IsDefault(e)));
    }

    [Fact]
    public void Rank_TinyBudget_StillGivesEveryFamilysDefault()
    {
        using var files = new TestFiles();

        var ranking = Rank(files, 300, "train: { budget: 1s, search: { cv: 3 } }");

        Assert.All(CandidateNames.DefaultFor(ProblemType.BinaryClassification), family =>
            Assert.Contains(ranking.Leaderboard, e => e.Candidate == family && IsDefault(e)));
        Assert.Equal(ranking.Leaderboard.Count, ranking.OutOfFold.Count);
    }

    [Fact]
    public void Rank_SameSeed_GivesTheSameLeaderboard()
    {
        using var files = new TestFiles();
        const string Train = "train: { candidates: [logistic, boosted], search: { kind: halving, cv: 3, n_iter: 6 } }";

        var first = Rank(files, 300, Train).Leaderboard;
        var again = Rank(files, 300, Train).Leaderboard;

        Assert.Equal(first.Select(e => (e.Candidate, Parameters: string.Join(",", e.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)), e.Mean)),
            again.Select(e => (e.Candidate, Parameters: string.Join(",", e.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal)), e.Mean)));
    }

    [Fact]
    public void Rank_KindGrid_CrossValidatesExactlyTheGrid()
    {
        using var files = new TestFiles();

        var ranking = Rank(files, 300, "train: { candidates: [logistic, forest], search: { cv: 3, params: { forest: { trees: [10, 20] } } } }");

        Assert.Equal(3, ranking.Leaderboard.Count);
        Assert.All(ranking.Leaderboard.Where(e => e.Candidate == "logistic"), e => Assert.True(IsDefault(e)));
        Assert.Equal([10.0, 20.0], ranking.Leaderboard.Where(e => e.Candidate == "forest").Select(e => e.Parameters["trees"]).Order());
    }

    [Fact]
    public void Rank_HalvingOverRungs_PutsOnlyFullRowSettingsOnTheLeaderboard()
    {
        using var files = new TestFiles();

        var ranking = Rank(files, 3000, "train: { candidates: [logistic], search: { kind: halving, cv: 3, n_iter: 9 } }");

        Assert.Equal(1 + 3, ranking.Leaderboard.Count);
    }
}
