using Ferry.Core.Spec;
using Ferry.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Ferry.Core.Tests.Training;

/// <summary>Boosted with early_stopping holds out a tenth of its fit rows and stops when that many rounds did not improve
/// them, on generated regression rows whose answer is known (y = 2 x0 - x1 plus unit noise, three noise inputs); a
/// classifier's tenth keeps every class in its own proportion.</summary>
public sealed class BoostedEarlyStoppingTests
{
    private const int Slots = 5;

    [Fact]
    public void Fit_WithEarlyStopping_StopsBeforeTheTreeCountOnNoisyRows()
    {
        var ml = new MLContext(7);

        var trees = Trees(Fit(ml, 20, Rows(3000, 1)));

        Assert.InRange(trees, 1, 999);
    }

    [Fact]
    public void Fit_WithoutEarlyStopping_RunsEveryRound()
    {
        var ml = new MLContext(7);

        var trees = Trees(Fit(ml, 0, Rows(3000, 1)));

        Assert.Equal(1000, trees);
    }

    [Fact]
    public void Fit_WithEarlyStopping_ScoresUnseenRowsBetterThanEveryRound()
    {
        var ml = new MLContext(7);
        var fit = Rows(3000, 1);
        var unseen = FeatureRow.ToDataView(ml, Rows(2000, 2), Slots, 0);

        var stopped = Rmse(ml, Fit(ml, 20, fit), unseen);
        var everyRound = Rmse(ml, Fit(ml, 0, fit), unseen);

        Assert.True(stopped < everyRound, $"early-stopped RMSE {stopped} is not below every round's {everyRound}");
    }

    [Fact]
    public void Validation_OfImbalancedClasses_HoldsOutATenthOfEachClass()
    {
        // 12,000 generated rows in three classes of 9,000, 2,400 and 600 (5%), dealt in a seeded random order.
        var random = new Random(11);
        var classes = Enumerable.Repeat(0, 9000).Concat(Enumerable.Repeat(1, 2400)).Concat(Enumerable.Repeat(2, 600)).ToArray();
        random.Shuffle(classes);

        var validation = BoostedEarlyStopping.Validation(classes, classes.Length, seed: 3);

        Assert.Equal(1200, validation.Count(held => held));
        Assert.Equal([900, 240, 60], [.. Enumerable.Range(0, 3).Select(c => classes.Where((_, i) => validation[i] && classes[i] == c).Count())]);
        Assert.Equal([8100, 2160, 540], [.. Enumerable.Range(0, 3).Select(c => classes.Where((_, i) => !validation[i] && classes[i] == c).Count())]);
    }

    [Fact]
    public void Validation_SameSeed_GivesTheSameRows_AnotherSeedOthers()
    {
        var classes = Enumerable.Range(0, 10_000).Select(i => i % 20 == 0 ? 1 : 0).ToArray();

        var first = BoostedEarlyStopping.Validation(classes, classes.Length, seed: 5);
        var second = BoostedEarlyStopping.Validation(classes, classes.Length, seed: 5);
        var other = BoostedEarlyStopping.Validation(classes, classes.Length, seed: 6);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Fit_EarlyStoppingWithoutValidationRows_IsRefused()
    {
        var ml = new MLContext(7);
        var view = FeatureRow.ToDataView(ml, Rows(100, 1), Slots, 0);

        Assert.Throws<ArgumentException>(() => CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(earlyStopping: 20), 1, 7, false, view, null));
    }

    /// <summary>Fits boosted as ModelTrainer does: with early stopping, on the rows outside a seeded validation tenth.</summary>
    private static ITransformer Fit(MLContext ml, int earlyStopping, List<FeatureRow> rows)
    {
        if (earlyStopping == 0)
        {
            return CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(0), 1, 7, false, FeatureRow.ToDataView(ml, rows, Slots, 0), null);
        }

        var validation = BoostedEarlyStopping.Validation(null, rows.Count, 7);
        return CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(earlyStopping), 1, 7, false,
            FeatureRow.ToDataView(ml, rows.Where((_, i) => !validation[i]), Slots, 0), FeatureRow.ToDataView(ml, rows.Where((_, i) => validation[i]), Slots, 0));
    }

    private static Dictionary<string, double> Parameters(int earlyStopping) => new()
    {
        ["trees"] = 1000,
        ["learning_rate"] = 0.3,
        ["max_leaves"] = 31,
        ["min_samples_leaf"] = 5,
        ["l2"] = 0,
        ["early_stopping"] = earlyStopping,
    };

    private static List<FeatureRow> Rows(int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, Slots).Select(_ => (float)Normal()).ToArray();
            return new FeatureRow { Features = x, Label = (float)((2 * x[0]) - x[1] + Normal()) };
        })];
    }

    private static int Trees(ITransformer model) =>
        ((RegressionPredictionTransformer<LightGbmRegressionModelParameters>)model).Model.TrainedTreeEnsemble.Trees.Count;

    private static double Rmse(MLContext ml, ITransformer model, IDataView rows) =>
        ml.Regression.Evaluate(model.Transform(rows), nameof(FeatureRow.Label)).RootMeanSquaredError;
}
