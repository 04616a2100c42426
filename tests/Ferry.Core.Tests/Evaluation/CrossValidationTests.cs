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
    /// with statistics of its own fit rows.</summary>
    private static PreparedData Load(TestFiles files, string type, string target)
    {
        var random = new Random(Seed);
        var csv = new StringBuilder("x,noise,shade,y\n");
        for (var i = 0; i < 300; i++)
        {
            var x = random.NextDouble() * 4 - 2;
            var shade = "abc"[i % 3];
            var y = type == "regression"
                ? (2 * x + (shade == 'a' ? 1 : 0) + random.NextDouble()).ToString("R", CultureInfo.InvariantCulture)
                : x + (shade == 'a' ? 1 : 0) + random.NextDouble() - 0.5 > 0 ? "yes" : "no";
            var cell = i % 10 == 0 ? "" : x.ToString("R", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{cell},{random.NextDouble():R},{shade},{y}\n");
        }

        files.Write("data.csv", csv.ToString());
        var spec = SpecLoader.Load(files.Write("ferry.yaml", $$"""
            name: folds
            type: {{type}}
            data: { source: data.csv }
            target: {{target}}
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
