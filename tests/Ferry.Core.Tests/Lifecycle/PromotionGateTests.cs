using Ferry.Core.Bundles;
using Ferry.Core.Evaluation;
using Ferry.Core.Lifecycle;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>The gate alone: PromotionPolicy judging a challenger against the champion on the same labelled rows, with
/// both models' answers generated from a known truth (each model right with a known probability, independently).</summary>
public sealed class PromotionGateTests
{
    private const int Decisions = 200;

    [Fact]
    public void Decide_EquallyGoodClassifiers_PromotesAtMostFivePercentOf200Decisions()
    {
        var promoted = Enumerable.Range(1, Decisions).Count(seed => Decide(Classifiers(seed, 400, 0.8, 0.8), MetricNames.Accuracy, seed).Promote);

        Assert.True(promoted <= Decisions / 20, $"{promoted} of {Decisions} promoted");
    }

    [Fact]
    public void Decide_EquallyGoodRegressors_PromotesAtMostFivePercentOf200Decisions()
    {
        var promoted = Enumerable.Range(1, Decisions).Count(seed => Decide(Regressors(seed, 200, 1.0, 1.0), MetricNames.Rmse, seed).Promote);

        Assert.True(promoted <= Decisions / 20, $"{promoted} of {Decisions} promoted");
    }

    /// <summary>Five points of accuracy on 2000 held-out rows (the fifth of the autopilot's default window of 10000).</summary>
    [Fact]
    public void Decide_ChallengerFivePointsMoreAccurateOn2000Rows_IsPromotedNearlyAlways()
    {
        var promoted = Enumerable.Range(1, 100).Count(seed => Decide(Classifiers(seed, 2000, 0.80, 0.85), MetricNames.Accuracy, seed).Promote);

        Assert.True(promoted >= 95, $"{promoted} of 100 promoted");
    }

    [Fact]
    public void Decide_ChallengerWithAFifthLessNoiseOn400Rows_IsPromotedNearlyAlways()
    {
        var promoted = Enumerable.Range(1, 50).Count(seed => Decide(Regressors(seed, 400, 1.0, 0.8), MetricNames.Rmse, seed).Promote);

        Assert.True(promoted >= 45, $"{promoted} of 50 promoted");
    }

    [Fact]
    public void Decide_ClearlyBetterChallenger_NamesTheTestPValueRowsAndBothScores()
    {
        var answers = Classifiers(4, 2000, 0.80, 0.90);

        var decision = Decide(answers, MetricNames.Accuracy, 4);

        Assert.Equal(PromotionVerdict.Promote, decision.Verdict);
        Assert.Equal(PairedTests.McNemarName, decision.Test!.Name);
        Assert.Equal(2000, decision.Test.Rows);
        Assert.True(decision.Test.PValue < 1e-6, $"p = {decision.Test.PValue}");
        Assert.Equal(answers.Score(MetricNames.Accuracy, answers.Challenger), decision.Score);
        Assert.Equal(answers.Score(MetricNames.Accuracy, answers.Champion), decision.ChampionScore);
        Assert.StartsWith("v2 beats v1 significantly (accuracy ", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("exact McNemar on 2000 rows", decision.Reason, StringComparison.Ordinal);
    }

    /// <summary>Five differing rows, all the challenger's: the smallest p-value they could give is 2/32 &gt;= 0.05.</summary>
    [Fact]
    public void Decide_TooFewDifferingRows_WaitsForLabels()
    {
        double[] actual = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0];
        double[][] champion = [.. actual.Select((a, i) => i < 5 ? Probabilities(1 - a) : Probabilities(a))];
        double[][] challenger = [.. actual.Select(Probabilities)];

        var decision = Decide(new PairedAnswers(actual, champion, challenger, 2), MetricNames.Accuracy, 1);

        Assert.Equal(PromotionVerdict.Wait, decision.Verdict);
        Assert.Equal(2.0 / 32, decision.Test!.SmallestPValue, 12);
        Assert.StartsWith("v2 waits for labels: it and v1 differ on 5 of 10 held-out rows", decision.Reason, StringComparison.Ordinal);
    }

    /// <summary>roc_auc is undefined on rows of one class: nothing is decided on NaN.</summary>
    [Fact]
    public void Decide_MetricUndefinedOnTheHeldOutRows_WaitsForLabels()
    {
        double[] actual = [1, 1, 1, 1, 1, 1, 1, 1];
        double[][] champion = [.. actual.Select((_, i) => Probabilities(i % 2))];
        double[][] challenger = [.. actual.Select(Probabilities)];

        var decision = Decide(new PairedAnswers(actual, champion, challenger, 2), MetricNames.RocAuc, 1);

        Assert.Equal(PromotionVerdict.Wait, decision.Verdict);
        Assert.Contains("roc_auc is undefined on the 8 held-out rows", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BetterButNotByMinImprovement_Rejects()
    {
        var answers = Classifiers(6, 2000, 0.80, 0.85);

        var decision = PromotionPolicy.Decide(Case(answers, MetricNames.Accuracy, 6, minImprovement: 0.2));

        Assert.Equal(PromotionVerdict.Reject, decision.Verdict);
        Assert.Contains("is not better than v1 by min_improvement 0.2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WorseChallenger_Rejects()
    {
        var decision = Decide(Classifiers(8, 2000, 0.85, 0.80), MetricNames.Accuracy, 8);

        Assert.Equal(PromotionVerdict.Reject, decision.Verdict);
        Assert.StartsWith("v2 is not better than v1 (accuracy ", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BetterButBelowTheSuccessThreshold_Rejects()
    {
        var answers = Classifiers(2, 2000, 0.70, 0.80);

        var decision = PromotionPolicy.Decide(Case(answers, MetricNames.Accuracy, 2, threshold: 0.9));

        Assert.Equal(PromotionVerdict.Reject, decision.Verdict);
        Assert.StartsWith("v2 did not meet its success metric (accuracy = ", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WithoutPairedRows_KeepsTheRuleOfTrainAndManualPromote()
    {
        var manifest = Manifest(MetricNames.Accuracy, null);

        var decision = PromotionPolicy.Decide(new PromotionCase(manifest, 0.81, "on the held-out rows", new ChampionScore(1, MetricNames.Accuracy, 0.80, SameRows: true)));

        Assert.Equal(PromotionVerdict.Promote, decision.Verdict);
        Assert.Null(decision.Test);
    }

    private static PromotionDecision Decide(PairedAnswers answers, string metric, int seed) => PromotionPolicy.Decide(Case(answers, metric, seed));

    private static PromotionCase Case(PairedAnswers answers, string metric, int seed, double minImprovement = 0, double? threshold = null) =>
        new(Manifest(metric, threshold), answers.Score(metric, answers.Challenger), "on the held-out rows",
            new ChampionScore(1, metric, answers.Score(metric, answers.Champion), SameRows: true), answers, minImprovement, seed);

    /// <summary>Binary answers: each model right on a row with its own probability, independently of the other.</summary>
    private static PairedAnswers Classifiers(int seed, int rows, double championRight, double challengerRight)
    {
        var random = new Random(seed);
        var actual = Enumerable.Range(0, rows).Select(_ => (double)random.Next(2)).ToArray();
        double[][] Answers(double right) => [.. actual.Select(a => Probabilities(random.NextDouble() < right ? a : 1 - a))];
        return new PairedAnswers(actual, Answers(championRight), Answers(challengerRight), 2);
    }

    /// <summary>Regression answers: the actual value plus each model's own normal noise.</summary>
    private static PairedAnswers Regressors(int seed, int rows, double championNoise, double challengerNoise)
    {
        var random = new Random(seed);
        var actual = Enumerable.Range(0, rows).Select(_ => random.NextDouble() * 10).ToArray();
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        double[][] Answers(double noise) => [.. actual.Select(a => new[] { a + noise * Normal() })];
        return new PairedAnswers(actual, Answers(championNoise), Answers(challengerNoise), 0);
    }

    private static double[] Probabilities(double predictedClass) => predictedClass == 1 ? [0.3, 0.7] : [0.7, 0.3];

    private static ModelManifest Manifest(string metric, double? threshold) => new()
    {
        Name = "gate",
        Version = 2,
        Type = metric is MetricNames.Rmse ? ProblemType.Regression : ProblemType.BinaryClassification,
        Target = "y",
        Inputs = [],
        Classes = metric is MetricNames.Rmse ? [] : ["no", "yes"],
        Features = [],
        Candidate = "logistic",
        Parameters = new Dictionary<string, double>(),
        Leaderboard = [],
        Metrics = new Dictionary<string, double>(),
        Constraints = Constraints.Default,
        Latency = new Latency(1, 1),
        ConstraintsMet = true,
        SuccessMetric = new SuccessMetric(metric, threshold),
        SuccessMet = true,
        CreatedAt = DateTimeOffset.UnixEpoch,
        SpecHash = "",
        DataFingerprint = "",
        TrainRows = 0,
        TestRows = 0,
        Preparation = new PreparationSummary(0, 0, 0, 0, 0, 0, 0, 0),
    };
}
