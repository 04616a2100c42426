using Ferry.Core.Evaluation;

namespace Ferry.Core.Tests.Evaluation;

public sealed class PairedAnswersTests
{
    [Fact]
    public void Pair_BinaryModelWithItsOwnThreshold_IsJudgedAtThatThreshold()
    {
        double[] actual = [0, 1, 0, 1];
        double[][] Scores(params double[] positive) => [.. positive.Select(p => new[] { 1 - p, p })];
        var champion = new RowAnswers(actual, Scores(0.7, 0.9, 0.1, 0.85), ["no", "yes"], 0.8);
        var challenger = new RowAnswers(actual, Scores(0.7, 0.9, 0.1, 0.85), ["no", "yes"], 0.5);

        var pair = PairedAnswers.Pair(champion, challenger);

        Assert.Equal([1.0, 0.75], [pair.Score("accuracy", pair.Champion), pair.Score("accuracy", pair.Challenger)]);
    }
}
