using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

public sealed class SearchTests
{
    private const string Iris = """
        name: iris
        type: multiclass-classification
        data: { source: iris.csv }
        target: target
        """;

    private static ProblemSpec Parse(string train) => SpecLoader.Parse(Iris + "\n" + train + "\n", TestFiles.Data("ferry.yaml"));

    private static string Error(string train) => Assert.Throws<FerryException>(() => Parse(train)).Message;

    [Fact]
    public void Grid_SizeIsTheProductOfTheListedValues()
    {
        var spec = Parse("train: { candidates: [forest], search: { params: { forest: { trees: [10, 20, 30], max_leaves: [4, 8], max_features: 0.5 } } } }");

        var sets = SearchSpace.Sets("forest", spec.Search, seed: 1);

        Assert.Equal(3 * 2 * 1, sets.Count);
        Assert.Equal(6, sets.Select(s => (s["trees"], s["max_leaves"])).Distinct().Count());
        Assert.All(sets, s => Assert.Equal(0.5, s["max_features"]));
        Assert.All(sets, s => Assert.Equal(2, s["min_samples_leaf"]));
    }

    [Fact]
    public void Random_DrawsNIterDistinctSetsTheSameWayForTheSameSeed()
    {
        var spec = Parse("train: { candidates: [boosted], search: { kind: random, n_iter: 4, params: { boosted: { trees: [10, 20, 30], learning_rate: [0.01, 0.1, 0.3] } } } }");

        var first = SearchSpace.Sets("boosted", spec.Search, seed: 7);
        var again = SearchSpace.Sets("boosted", spec.Search, seed: 7);
        var other = SearchSpace.Sets("boosted", spec.Search, seed: 8);

        Assert.Equal(4, first.Count);
        Assert.Equal(4, first.Select(s => (s["trees"], s["learning_rate"])).Distinct().Count());
        Assert.Equal(first.Select(s => (s["trees"], s["learning_rate"])), again.Select(s => (s["trees"], s["learning_rate"])));
        Assert.NotEqual(first.Select(s => (s["trees"], s["learning_rate"])), other.Select(s => (s["trees"], s["learning_rate"])));
    }

    [Theory]
    [InlineData("train: { candidates: [svm] }", "'train.candidates' has 'svm' but a multiclass-classification candidate must be one of: logistic, tree, forest, boosted")]
    [InlineData("train: { candidates: [forest], search: { params: { forest: { depth: [3] } } } }", "'forest' has no parameter 'depth' (its parameters: trees, max_leaves, min_samples_leaf, max_features)")]
    [InlineData("train: { candidates: [forest], search: { params: { forest: { trees: [ten] } } } }", "'train.search.params.forest.trees' must be a whole number, found 'ten'")]
    [InlineData("train: { candidates: [forest], search: { params: { forest: { trees: [2.5] } } } }", "'train.search.params.forest.trees' must be a whole number, found '2.5'")]
    [InlineData("train: { candidates: [forest], search: { params: { forest: { max_features: [2] } } } }", "'train.search.params.forest.max_features' is 2 but must be between 0.01 and 1")]
    [InlineData("train: { candidates: [forest], search: { params: { boosted: { trees: [5] } } } }", "'train.search.params' sets 'boosted' but train.candidates are: forest")]
    [InlineData("train: { search: { cv: 1 } }", "'train.search.cv' is 1 but must be a number of folds of at least 2, or loo")]
    [InlineData("train: { search: { kind: bayes } }", "'train.search.kind' is 'bayes' but must be one of: grid, random")]
    [InlineData("train: { search: { scoring: rmse } }", "'train.search.scoring' is 'rmse' but must be one of: accuracy, f1, precision, recall, roc_auc")]
    public void Parse_BadCandidateOrSearch_NamesWhatIsAllowed(string train, string expected) =>
        Assert.Contains(expected, Error(train), StringComparison.Ordinal);

    [Fact]
    public void Train_CvLargerThanSmallestClass_SaysHowManyRowsTheClassHas()
    {
        using var files = new TestFiles();
        files.Write("d.csv", "x,y\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},{(i < 34 ? "a" : "b")}\n")));
        var spec = SpecLoader.Load(files.Write("ferry.yaml", "name: m\ntype: binary-classification\ndata: { source: d.csv }\ntarget: y\ntrain: { search: { cv: 10 } }\n"));

        var message = Assert.Throws<FerryException>(() => new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None)).Message;

        Assert.Equal("train.search.cv is 10 but class 'b' has only 5 rows in the training part; use a cv of at most 5 (or loo)", message);
    }

    [Fact]
    public void Train_SameSeedTwice_GivesTheSameLeaderboardAndPredictions()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc",
            "train: { candidates: [logistic, tree, forest, boosted], search: { cv: 3 } }"));
        var pipeline = new TrainingPipeline(TimeProvider.System);

        var first = pipeline.Run(spec, null, CancellationToken.None);
        var second = pipeline.Run(spec, null, CancellationToken.None);

        Assert.Equal(first.Manifest.Leaderboard.Select(e => (e.Candidate, e.Mean)), second.Manifest.Leaderboard.Select(e => (e.Candidate, e.Mean)));
        Assert.Equal(first.Manifest.Metrics, second.Manifest.Metrics);
    }

    [Fact]
    public void Train_LeaveOneOut_PoolsEveryHeldOutRow()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            "train: { candidates: [logistic, tree], search: { cv: loo } }"));

        var outcome = new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);

        Assert.All(outcome.Manifest.Leaderboard, entry => Assert.Equal(outcome.Manifest.TrainRows, entry.Folds));
        Assert.All(outcome.Manifest.Leaderboard, entry => Assert.InRange(entry.Mean, 0.85, 1.0));
    }
}
