using Ferry.Core.Evaluation;
using Ferry.Core.Lifecycle;
using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Lifecycle;

/// <summary>The live judgement of a run's shadow, canary and bake: latency, error rate, then the paired test on the rows
/// both versions answered. Rows are binary labels; each side's answer to a row is right or wrong as its function says.</summary>
public sealed class LiveJudgeTests
{
    private const int Seed = 7;

    [Fact]
    public void Judge_ChallengerP99OverTwiceTheChampions_IsWorse()
    {
        var pairs = Pairs(100, _ => true, _ => true);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, 100, p99: 10), Health(2, 100, p99: 20.5), 50, answersClients: true, Seed);

        Assert.Equal(LiveOutcome.Worse, verdict.Outcome);
        Assert.Equal("its p99 latency 20.5 ms is over twice the champion's 10 ms", verdict.Reason);
    }

    [Fact]
    public void Judge_ShadowSlowerThanTwiceTheChampion_IsNotWorseForNoClientWaitsForIt()
    {
        var pairs = Pairs(100, _ => true, _ => true);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, 100, p99: 10), Health(2, 100, p99: 50), 50, answersClients: false, Seed);

        Assert.Equal(LiveOutcome.Ready, verdict.Outcome);
    }

    [Theory]
    [InlineData(10, 20, 100)]
    [InlineData(10, 50, LiveJudge.MinimumRequests - 1)]
    [InlineData(1.025, 2.237, 100)]
    [InlineData(2, 6.9, 100)]
    public void Judge_ChallengerP99AtMostTwiceTheChampionsOrTooFewPredictions_IsNotWorse(double championP99, double challengerP99, int predictions)
    {
        var pairs = Pairs(100, _ => true, _ => true);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, predictions, p99: championP99), Health(2, predictions, p99: challengerP99), 50,
            answersClients: true, Seed);

        Assert.Equal(LiveOutcome.Ready, verdict.Outcome);
    }

    [Fact]
    public void Judge_ErrorRateOverTheChampionsPlusTheMarginWhereItAnswersClients_IsWorse()
    {
        var pairs = Pairs(100, _ => true, _ => true);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, 200, errors: 2), Health(2, 95, errors: 5), 50, answersClients: true, Seed);

        Assert.Equal(LiveOutcome.Worse, verdict.Outcome);
        Assert.Equal("its error rate 5.0 % is above the champion's 1.0 %", verdict.Reason);
    }

    [Fact]
    public void Judge_ErrorRateOverTheChampionsInShadow_IsIgnored()
    {
        var pairs = Pairs(100, _ => true, _ => true);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, 200, errors: 2), Health(2, 95, errors: 5), 50, answersClients: false, Seed);

        Assert.Equal(LiveOutcome.Ready, verdict.Outcome);
    }

    [Fact]
    public void Judge_ErrorRateWithinTheMarginOfTheChampions_IsNotWorse()
    {
        var pairs = Pairs(100, _ => true, _ => true);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, 990, errors: 10), Health(2, 985, errors: 15), 50, answersClients: true, Seed);

        Assert.Equal(LiveOutcome.Ready, verdict.Outcome);
    }

    [Fact]
    public void Judge_EquallyGoodModelsErringOnOtherRows_IsReadyAndNoWorse()
    {
        var pairs = Pairs(2000, i => i % 5 != 0, i => i % 5 != 1);

        var verdict = LiveJudge.Judge("accuracy", pairs, Health(1, 2000), Health(2, 2000), 200, answersClients: true, Seed);

        Assert.Equal(LiveOutcome.Ready, verdict.Outcome);
        Assert.Equal((0.8, 0.8, 2000), (verdict.ChampionScore, verdict.ChallengerScore, verdict.Rows));
        Assert.Equal("no worse (accuracy 0.8 against 0.8 on 2000 labelled rows, exact McNemar p = 1)", verdict.Reason);
    }

    /// <summary>Two equally good models (each row right with chance 0.8, independently) on 1000 rows, 200 times: the
    /// paired test calls the challenger worse only at its level (2.5% one-sided), never near every time.</summary>
    [Theory]
    [InlineData("accuracy")]
    [InlineData("f1")]
    public void Judge_EquallyGoodModelsOnManyRows_IsWorseAtMostFivePercentOfTheTime(string metric)
    {
        var random = new Random(Seed);

        var worse = Enumerable.Range(0, 200).Count(_ =>
        {
            var (champion, challenger) = (Draw(random, 1000), Draw(random, 1000));
            return LiveJudge.Judge(metric, Pairs(1000, i => champion[i], i => challenger[i]), null, null, 500, answersClients: true, Seed).Outcome == LiveOutcome.Worse;
        });

        Assert.InRange(worse, 0, 10);
    }

    [Fact]
    public void Judge_ChallengerWrongWhereTheChampionIsRight_IsWorseBeforeItsRowsAreIn()
    {
        var pairs = Pairs(40, _ => true, i => i % 2 == 0);

        var verdict = LiveJudge.Judge("accuracy", pairs, null, null, 500, answersClients: false, Seed);

        Assert.Equal(LiveOutcome.Worse, verdict.Outcome);
        Assert.StartsWith("significantly worse (accuracy 0.5 against 1 on 40 labelled rows, exact McNemar p < 0.0001)", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_NoRowsAnsweredByBoth_Waits()
    {
        var verdict = LiveJudge.Judge("accuracy", Pairs(0, _ => true, _ => true), null, null, 50, answersClients: true, Seed);

        Assert.Equal((LiveOutcome.Waiting, "no labelled rows answered by both yet (needs 50)"), (verdict.Outcome, verdict.Reason));
    }

    private static bool[] Draw(Random random, int rows) => [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.8)];

    /// <summary><paramref name="rows"/> rows, alternately labelled 1 and 0, and each side's one-hot answer to them.</summary>
    private static PairedAnswers Pairs(int rows, Func<int, bool> championRight, Func<int, bool> challengerRight)
    {
        double[] actual = [.. Enumerable.Range(0, rows).Select(i => (double)(i % 2))];
        double[][] Answers(Func<int, bool> right) => [.. Enumerable.Range(0, rows).Select(i => (right(i) ? actual[i] : 1 - actual[i]) == 1 ? new[] { 0.0, 1 } : [1.0, 0])];
        return new PairedAnswers(actual, Answers(championRight), Answers(challengerRight), 2);
    }

    private static VersionHealth Health(int version, int predictions, double p99 = 1, int errors = 0) =>
        new(version, predictions, errors, p99 / 2, p99, p99, predictions / 60.0, (double)errors / (predictions + errors), null);
}
