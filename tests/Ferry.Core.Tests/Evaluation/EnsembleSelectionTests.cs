using System.Globalization;
using System.Text;
using Ferry.Core.Data;
using Ferry.Core.Evaluation;
using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Evaluation;

public sealed class EnsembleSelectionTests
{
    /// <summary>y depends on x1 linearly and on x2 through a step, x3 is noise: a linear model and trees each miss part of it.</summary>
    private static string Generated(string type, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x1,x2,x3,y\n");
        for (var i = 0; i < 300; i++)
        {
            var (x1, x2, x3) = (random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2, random.NextDouble());
            var signal = 1.5 * x1 + (x2 > 0.5 ? 2 : -1) + random.NextDouble() * 2 - 1;
            var y = type switch
            {
                "regression" => signal.ToString("R", CultureInfo.InvariantCulture),
                "binary-classification" => signal > 0.3 ? "yes" : "no",
                _ => signal < -1 ? "low" : signal < 1.5 ? "mid" : "high",
            };
            csv.Append(CultureInfo.InvariantCulture, $"{x1:R},{x2:R},{x3:R},{y}\n");
        }

        return csv.ToString();
    }

    private static (TrainingData Data, Ranking Ranking) Rank(TestFiles files, string type, int seed)
    {
        files.Write("d.csv", Generated(type, seed));
        var linear = type == "regression" ? "linear" : "logistic";
        var spec = SpecLoader.Load(files.Write("ferry.yaml", $$"""
            name: m
            type: {{type}}
            data: { source: d.csv }
            target: y
            split: { seed: {{seed}} }
            train: { candidates: [{{linear}}, tree, forest, boosted], search: { cv: 3, params: { boosted: { min_samples_leaf: [5] } } } }
            """));
        var (data, split, _) = PreparedData.Load(spec, null, CancellationToken.None);
        return (data, ModelSelection.Rank(data, split.Train, spec, null, CancellationToken.None));
    }

    /// <summary>The metric on each fold's validation rows, averaged over folds: the leaderboard's score, computed here apart.</summary>
    private static double FoldMean(TrainingData data, Ranking ranking, double[][] answers, string metric)
    {
        var start = 0;
        return ranking.Folds.Select(fold =>
        {
            var value = ModelEvaluator.Metrics(data, fold.Validate, answers[start..(start + fold.Validate.Length)], Decision.DefaultThreshold)[metric];
            start += fold.Validate.Length;
            return value;
        }).Average();
    }

    private static Ranking Synthetic(int[] actual, params double[][] positives)
    {
        var rows = Enumerable.Range(0, actual.Length).ToArray();
        var settings = positives.Select((_, s) => new CandidateSetting("logistic", new Dictionary<string, double> { ["l2"] = s })).ToArray();
        var answers = positives.Select((positive, s) => new OutOfFold(settings[s], rows, [.. positive.Select(p => new[] { 1 - p, p })], new int[rows.Length])).ToArray();
        var entries = answers.Select(a => new LeaderboardEntry(a.Setting.Name, a.Setting.Parameters, MetricNames.Accuracy,
            a.Scores.Select((score, r) => (score[1] > 0.5 ? 1 : 0) == actual[r] ? 1.0 : 0).Average(), 0, 1, 0)).ToArray();
        return new Ranking(entries, answers) { Folds = [(rows, rows)] };
    }

    private static TrainingData Labels(TestFiles files, int[] actual)
    {
        files.Write("d.csv", "x,y\n" + string.Concat(actual.Select((a, i) => $"{i},{(a == 1 ? "yes" : "no")}\n")));
        var spec = SpecLoader.Load(files.Write("ferry.yaml", "name: m\ntype: binary-classification\ndata: { source: d.csv }\ntarget: y\n"));
        return new TrainingData(TableLoader.Load(files.Path("d.csv")), spec);
    }

    [Fact]
    public void Select_GeneratedData_NeverScoresBelowItsBestMemberAndScoresAsTheLeaderboardDoes()
    {
        var kept = 0;
        foreach (var type in new[] { "binary-classification", "multiclass-classification", "regression" })
        {
            foreach (var seed in new[] { 1, 2, 3 })
            {
                using var files = new TestFiles();
                var (data, ranking) = Rank(files, type, seed);
                if (EnsembleSelection.Select(data, ranking) is not { } ensemble)
                {
                    continue;
                }

                kept++;
                var best = ranking.Leaderboard[0];
                var higherIsBetter = MetricNames.HigherIsBetter(best.Metric);
                Assert.True(higherIsBetter ? ensemble.Entry.Mean > best.Mean : ensemble.Entry.Mean < best.Mean,
                    $"{type} seed {seed}: ensemble {ensemble.Entry.Mean} against the best single {best.Mean}");
                Assert.Equal(FoldMean(data, ranking, ensemble.OutOfFold.Scores, best.Metric), ensemble.Entry.Mean, 12);
                Assert.Equal(1, ensemble.Members.Sum(m => m.Weight), 12);
            }
        }

        Assert.True(kept >= 5, $"an ensemble was kept on {kept} of 9 generated tables");
    }

    [Fact]
    public void Select_GeneratedData_AnswersAreTheMembersWeightedAverage()
    {
        using var files = new TestFiles();
        var (data, ranking) = Rank(files, "regression", 1);

        var ensemble = EnsembleSelection.Select(data, ranking)!;

        var members = ensemble.Members.Select(m => (Answers: ranking.OutOfFold.Single(a => a.Setting == m.Setting), m.Weight)).ToArray();
        for (var row = 0; row < ensemble.OutOfFold.Rows.Length; row++)
        {
            Assert.Equal(members.Sum(m => m.Weight * m.Answers.Scores[row][0]), ensemble.OutOfFold.Scores[row][0], 9);
        }
    }

    [Fact]
    public void Select_ModelsWrongOnDifferentRows_AveragesThemToAnswerEveryRow()
    {
        using var files = new TestFiles();
        int[] actual = [1, 1, 1, 1, 1, 0, 0, 0, 0, 0];
        double[] first = [0.9, 0.9, 0.9, 0.45, 0.45, 0.1, 0.1, 0.1, 0.1, 0.1];
        double[] second = [0.45, 0.45, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1, 0.1];
        var ranking = Synthetic(actual, first, second);

        var ensemble = EnsembleSelection.Select(Labels(files, actual), ranking)!;

        Assert.Equal((Ensemble.Candidate, 1.0), (ensemble.Entry.Candidate, ensemble.Entry.Mean));
        Assert.Equal([0.0, 1.0], ensemble.Members.Select(m => m.Setting.Parameters["l2"]).Order());
    }

    [Fact]
    public void Select_AverageOnlyTiesTheBest_KeepsTheSingleSetting()
    {
        using var files = new TestFiles();
        int[] actual = [1, 1, 1, 1, 0, 0, 0, 0];
        double[] best = [0.9, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1];
        double[] worse = [0.2, 0.2, 0.9, 0.9, 0.1, 0.1, 0.1, 0.9];

        Assert.Null(EnsembleSelection.Select(Labels(files, actual), Synthetic(actual, best, worse)));
    }
}
