using Ferry.Core.Bundles;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Lifecycle;

public sealed class SameSeedTrainingTests
{
    [Fact]
    public void Train_DefaultSearchTwiceWithTheSameSeed_GivesTheSameLeaderboardAndModelBytes()
    {
        var first = Train();
        var again = Train();

        Assert.Equal(Leaderboard(first), Leaderboard(again));
        Assert.Equal(first.Candidate, again.Candidate);
        Assert.Equal(first.Ensemble.Select(m => (m.Candidate, Parameters(m.Parameters), m.Weight)), again.Ensemble.Select(m => (m.Candidate, Parameters(m.Parameters), m.Weight)));
        Assert.Equal(first.Calibration, again.Calibration);
        Assert.Equal(first.Threshold, again.Threshold);
        Assert.Equal(first.Metrics, again.Metrics);
        Assert.Equal(first.ModelSha256, again.ModelSha256);
    }

    /// <summary>The default search (every family, halving, ensemble, calibration), kept small: three folds, three draws per
    /// family, and a budget far above what the plan takes, so the clock never decides what is tried.</summary>
    private static ModelManifest Train()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc",
            "train: { budget: 1h, search: { cv: 3, n_iter: 3 } }"));
        return new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None).Manifest;
    }

    private static IEnumerable<(string Candidate, string Parameters, double Mean)> Leaderboard(ModelManifest manifest) =>
        manifest.Leaderboard.Select(e => (e.Candidate, Parameters(e.Parameters), e.Mean));

    private static string Parameters(IReadOnlyDictionary<string, double> parameters) =>
        string.Join(",", parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value:R}"));
}
