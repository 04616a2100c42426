using System.Globalization;
using System.Text;
using Ferry.Core.Evaluation;
using Ferry.Core.Features;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Evaluation;

public sealed class CrossValidationTests
{
    private const int Seed = 3;

    /// <summary>y depends on x and the category; every tenth x is missing, so each fold's featurizer fills and scales
    /// with statistics of its own fit rows. <paramref name="imbalanced"/> makes "yes" rare enough (about 12%) for class
    /// weights, with f1 as the metric (accuracy is never weighted); a multiclass y is one of three bands of the same signal.</summary>
    private static PreparedData Load(TestFiles files, string type, string target, bool imbalanced = false)
    {
        var random = new Random(Seed);
        var csv = new StringBuilder("x,noise,shade,y\n");
        for (var i = 0; i < 300; i++)
        {
            var x = random.NextDouble() * 4 - 2;
            var shade = "abc"[i % 3];
            var signal = x + (shade == 'a' ? 1 : 0) + random.NextDouble() - 0.5;
            var y = type switch
            {
                "regression" => (2 * x + (shade == 'a' ? 1 : 0) + random.NextDouble()).ToString("R", CultureInfo.InvariantCulture),
                "multiclass-classification" => signal < -0.5 ? "low" : signal < 0.7 ? "mid" : "high",
                _ => signal > (imbalanced ? 1.9 : 0) ? "yes" : "no",
            };
            var cell = i % 10 == 0 ? "" : x.ToString("R", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{cell},{random.NextDouble():R},{shade},{y}\n");
        }

        files.Write("data.csv", csv.ToString());
        var spec = SpecLoader.Load(files.Write("ferry.yaml", $$"""
            name: folds
            type: {{type}}
            data: { source: data.csv }
            target: {{target}}
            success_metric: { name: {{(imbalanced ? "f1" : type == "regression" ? "rmse" : "accuracy")}} }
            train:
              candidates: [{{(type == "regression" ? "linear" : "logistic")}}, tree, forest, boosted, mlp]
              search: { params: { forest: { trees: 20 }, boosted: { trees: 20 }, mlp: { epochs: 20 } } }
            """));
        return PreparedData.Load(spec, null, CancellationToken.None);
    }

    private static CandidateSetting[] Settings(ProblemSpec spec) =>
        [.. spec.Candidates.SelectMany(candidate => SearchSpace.Sets(candidate, spec.Search, Seed).Select(set => new CandidateSetting(candidate, set)))];

    [Theory]
    [InlineData("binary-classification")]
    [InlineData("regression")]
    public void Run_SharedFoldFeatures_ScoreExactlyAsAFitFromTheRows(string type)
    {
        using var files = new TestFiles();
        var (data, split, _) = Load(files, type, "y");
        var classes = data.Type.IsClassification() ? data.Target.ClassIndex : null;
        var folds = Splitter.KFold(split.Train, 3, classes, Seed);
        var settings = Settings(data.Spec);

        var answers = CrossValidation.Run(data, folds, settings, Seed, null, CancellationToken.None);

        for (var s = 0; s < settings.Length; s++)
        {
            for (var f = 0; f < folds.Count; f++)
            {
                var alone = ModelTrainer.Fit(data, folds[f].Fit, settings[s], Seed, singleThreaded: true);
                var expected = ModelTrainer.Score(alone, data, folds[f].Validate);
                Assert.True(expected.Zip(answers[s].Scores[f]).All(pair => pair.First.SequenceEqual(pair.Second)),
                    $"{settings[s].Name} fold {f}: shared-fold scores differ from a fit of its own");
            }
        }
    }

    /// <summary>A grid over `trees` is one fit of the most trees per fold and parameter set, the others answered by its
    /// first trees (TreePrefixes); each answer must be what a fit of its own gives, bit for bit. max_features 1 keeps every
    /// forest tree (the prefixes are used, as the last assertion shows); 0.4 of these 5 slots makes FastForest drop trees
    /// that found no split, so those settings are fitted on their own.</summary>
    [Theory]
    [InlineData("binary-classification", "forest", false, "max_features: 1")]
    [InlineData("binary-classification", "forest", true, "max_features: 1")]
    [InlineData("binary-classification", "forest", false, "max_features: 0.4")]
    [InlineData("binary-classification", "boosted", false, "learning_rate: 0.3")]
    [InlineData("binary-classification", "boosted", true, "learning_rate: 0.3")]
    [InlineData("regression", "forest", false, "max_features: 1")]
    [InlineData("regression", "forest", false, "max_features: 0.4")]
    [InlineData("regression", "boosted", false, "learning_rate: 0.3")]
    [InlineData("multiclass-classification", "boosted", false, "learning_rate: 0.3")]
    public void Run_SettingsDifferingInTrees_ScoreExactlyAsTheirOwnFits(string type, string candidate, bool imbalanced, string parameter)
    {
        using var files = new TestFiles();
        var (data, split, _) = Load(files, type, "y", imbalanced);
        var classes = data.Type.IsClassification() ? data.Target.ClassIndex : null;
        var folds = Splitter.KFold(split.Train, 3, classes, Seed);
        var search = SpecLoader.Load(files.Write("grid.yaml", $$"""
            name: folds
            type: {{type}}
            data: { source: data.csv }
            target: y
            train:
              candidates: [{{candidate}}]
              search: { params: { {{candidate}}: { trees: [3, 25, 8], max_leaves: [4, 8], {{parameter}} } } }
            """)).Search;
        CandidateSetting[] settings = [.. SearchSpace.Sets(candidate, search, Seed).Select(set => new CandidateSetting(candidate, set))];

        var answers = CrossValidation.Run(data, folds, settings, Seed, null, CancellationToken.None);

        Assert.Equal(6, settings.Length);
        Assert.Equal(imbalanced, FoldFeatures.Build(data, folds[0].Fit).Weights is not null);
        for (var s = 0; s < settings.Length; s++)
        {
            for (var f = 0; f < folds.Count; f++)
            {
                var alone = ModelTrainer.Fit(data, folds[f].Fit, settings[s], Seed, singleThreaded: true);
                var expected = ModelTrainer.Score(alone, data, folds[f].Validate);
                Assert.True(expected.Zip(answers[s].Scores[f]).All(pair => pair.First.SequenceEqual(pair.Second)),
                    $"{settings[s].Name} {string.Join(", ", settings[s].Parameters)} fold {f}: scores differ from a fit of its own");
            }
        }

        var most = settings.First(setting => setting.Parameters["trees"] == 25);
        var prefixes = TreePrefixes.Of(ModelTrainer.Fit(data, folds[0].Fit, most, Seed, singleThreaded: true), 25);
        Assert.Equal(type != "multiclass-classification" && parameter != "max_features: 0.4", prefixes is not null);
    }

    [Fact]
    public void FoldFeatures_Featurizer_SeesOnlyTheFitRows()
    {
        using var files = new TestFiles();
        var (data, split, _) = Load(files, "binary-classification", "y");
        var (fit, validate) = Splitter.KFold(split.Train, 3, data.Target.ClassIndex, Seed)[0];
        var x = data.Table.Numbers(data.Table.IndexOf("x"));
        var present = fit.Select(row => (double)x[row]).Where(v => !double.IsNaN(v)).Order().ToArray();
        var leaked = FeaturizerEstimator.Fit(data.Table, [.. fit, .. validate], data.FeatureColumns).Features.Single(feature => feature.Column == "x");

        var features = FoldFeatures.Build(data, fit);

        var column = features.Featurizer.Features.Single(feature => feature.Column == "x");
        var median = present.Length % 2 == 1 ? present[present.Length / 2] : (present[present.Length / 2 - 1] + present[present.Length / 2]) / 2;
        Assert.Equal(median, column.Fill, 9);
        Assert.Equal(fit.Select(row => double.IsNaN(x[row]) ? median : x[row]).Average(), column.Center[0], 9);
        Assert.NotEqual(leaked.Center[0], column.Center[0], 6);
        Assert.Equal(fit.Length, features.Vectors().Length);
    }
}
