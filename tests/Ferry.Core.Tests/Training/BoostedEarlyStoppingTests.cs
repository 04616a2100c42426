using Ferry.Core.Spec;
using Ferry.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace Ferry.Core.Tests.Training;

/// <summary>Boosted with early_stopping holds out a tenth of its fit rows and stops when that many rounds did not improve
/// them, on generated regression rows whose answer is known (y = 2 x0 - x1 plus unit noise, three noise inputs).</summary>
public sealed class BoostedEarlyStoppingTests
{
    private const int Slots = 5;

    [Fact]
    public void Fit_WithEarlyStopping_StopsBeforeTheTreeCountOnNoisyRows()
    {
        var ml = new MLContext(7);

        var trees = Trees(CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(earlyStopping: 20), 1, 7, false, Rows(ml, 3000, 1)));

        Assert.InRange(trees, 1, 999);
    }

    [Fact]
    public void Fit_WithoutEarlyStopping_RunsEveryRound()
    {
        var ml = new MLContext(7);

        var trees = Trees(CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(earlyStopping: 0), 1, 7, false, Rows(ml, 3000, 1)));

        Assert.Equal(1000, trees);
    }

    [Fact]
    public void Fit_WithEarlyStopping_ScoresUnseenRowsBetterThanEveryRound()
    {
        var ml = new MLContext(7);
        var fit = Rows(ml, 3000, 1);
        var unseen = Rows(ml, 2000, 2);

        var stopped = Rmse(ml, CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(earlyStopping: 20), 1, 7, false, fit), unseen);
        var everyRound = Rmse(ml, CandidateFactory.Fit(ml, CandidateNames.Boosted, ProblemType.Regression, Parameters(earlyStopping: 0), 1, 7, false, fit), unseen);

        Assert.True(stopped < everyRound, $"early-stopped RMSE {stopped} is not below every round's {everyRound}");
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

    private static IDataView Rows(MLContext ml, int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var rows = Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, Slots).Select(_ => (float)Normal()).ToArray();
            return new FeatureRow { Features = x, Label = (float)((2 * x[0]) - x[1] + Normal()) };
        }).ToList();
        return FeatureRow.ToDataView(ml, rows, Slots, 0);
    }

    private static int Trees(ITransformer model) =>
        ((RegressionPredictionTransformer<LightGbmRegressionModelParameters>)model).Model.TrainedTreeEnsemble.Trees.Count;

    private static double Rmse(MLContext ml, ITransformer model, IDataView rows) =>
        ml.Regression.Evaluate(model.Transform(rows), nameof(FeatureRow.Label)).RootMeanSquaredError;
}
