using Ferry.Core.Evaluation;
using Ferry.Core.Spec;

namespace Ferry.Core.Tests.Evaluation;

public sealed class PairedTestsTests
{
    /// <summary>min(1, 2 P(X &lt;= min(b, c))) for X ~ Binomial(b + c, 1/2), the binomial terms written out.</summary>
    [Theory]
    [InlineData(5, 0, 2.0 / 32)]
    [InlineData(6, 0, 2.0 / 64)]
    [InlineData(6, 2, 2 * (1.0 + 8 + 28) / 256)]
    [InlineData(2, 6, 2 * (1.0 + 8 + 28) / 256)]
    [InlineData(7, 3, 2 * (1.0 + 10 + 45 + 120) / 1024)]
    [InlineData(4, 4, 1.0)]
    [InlineData(0, 3, 2.0 / 8)]
    [InlineData(0, 0, 1.0)]
    public void McNemar_DiscordantPairs_GiveTheExactTwoSidedBinomialPValue(int challengerOnly, int championOnly, double expected)
    {
        var test = PairedTests.McNemar(challengerOnly, championOnly, 100);

        Assert.Equal(expected, test.PValue, 12);
        Assert.Equal(challengerOnly, test.Statistic);
        Assert.Equal(challengerOnly + championOnly, test.Discordant);
    }

    [Fact]
    public void McNemar_ThousandsOfDiscordantPairs_StaysAProbability()
    {
        var even = PairedTests.McNemar(2000, 2000, 10_000);
        var lopsided = PairedTests.McNemar(3000, 2000, 10_000);

        Assert.Equal(1, even.PValue);
        Assert.InRange(lopsided.PValue, 0, 1e-20);
    }

    [Theory]
    [InlineData(5, false)]
    [InlineData(6, true)]
    public void McNemar_SmallestPValue_IsAllDiscordantPairsFavouringOneModel(int discordant, bool canDecide)
    {
        var test = PairedTests.McNemar(0, discordant, 100);

        Assert.Equal(2 * Math.Pow(0.5, discordant), test.SmallestPValue, 15);
        Assert.Equal(canDecide, test.CanDecide);
    }

    [Fact]
    public void McNemar_FromAnswers_CountsRowsOnlyOneModelGotRight()
    {
        double[] actual = [1, 1, 0, 0, 1, 0];
        double[][] champion = [[0.9, 0.1], [0.2, 0.8], [0.3, 0.7], [0.6, 0.4], [0.6, 0.4], [0.6, 0.4]];
        double[][] challenger = [[0.1, 0.9], [0.2, 0.8], [0.8, 0.2], [0.6, 0.4], [0.3, 0.7], [0.3, 0.7]];

        var test = PairedTests.McNemar(new PairedAnswers(actual, champion, challenger, 2));

        Assert.Equal([3, 4], new[] { (int)test.Statistic, test.Discordant });
        Assert.Equal(2 * 5.0 / 16, test.PValue, 12);
    }

    /// <summary>Three rows differ (champion errors 3, 2, 1; challenger 0, 0, 0; a fourth row the same), so all 8 swaps
    /// are enumerated: swapping a set S gives a gain in MAE of (errors not in S - errors in S) / 4, which is as far from
    /// 0 as the observed 6/4 only when S is empty or all three, so p = 2/8.</summary>
    [Fact]
    public void Permutation_FewDifferingRows_EnumeratesEverySwap()
    {
        double[] actual = [0, 0, 0, 0];
        double[][] champion = [[3], [2], [1], [5]];
        double[][] challenger = [[0], [0], [0], [5]];

        var test = PairedTests.Permutation(MetricNames.Mae, new PairedAnswers(actual, champion, challenger, 0), seed: 1);

        Assert.Equal(2.0 / 8, test.PValue, 12);
        Assert.Equal(2.0 / 8, test.SmallestPValue, 12);
        Assert.Equal(3, test.Discordant);
        Assert.Equal(6.0 / 4, test.Statistic, 12);
        Assert.False(test.CanDecide);
    }

    /// <summary>Precision, recall and f1 by confusion-matrix updates match recomputing scikit-learn-style metrics from
    /// the probabilities for each of the 2^7 swaps of the rows whose predicted classes differ.</summary>
    [Theory]
    [InlineData(MetricNames.F1, 2)]
    [InlineData(MetricNames.Precision, 2)]
    [InlineData(MetricNames.Recall, 3)]
    [InlineData(MetricNames.F1, 3)]
    public void Permutation_CountMetric_MatchesEverySwapRecomputedFromProbabilities(string metric, int classes)
    {
        var random = new Random(classes);
        var actual = Enumerable.Range(0, 40).Select(_ => (double)random.Next(classes)).ToArray();
        double[] OneHot(int c) => [.. Enumerable.Range(0, classes).Select(k => k == c ? 0.8 : 0.2 / (classes - 1))];
        var champion = actual.Select(a => OneHot((int)a)).ToArray();
        var challenger = champion.Select(p => p.Select(v => v * 0.9 + 0.1 / classes).ToArray()).ToArray();
        int[] flipped = [0, 3, 5, 8, 13, 21, 34];
        foreach (var (row, i) in flipped.Select((row, i) => (row, i)))
        {
            (i % 3 == 0 ? challenger : champion)[row] = OneHot(((int)actual[row] + 1) % classes);
        }

        var answers = new PairedAnswers(actual, champion, challenger, classes);
        var observed = answers.Gain(metric, champion, challenger);
        var asFar = Enumerable.Range(0, 1 << flipped.Length).Count(mask =>
        {
            var a = (double[][])champion.Clone();
            var b = (double[][])challenger.Clone();
            for (var j = 0; j < flipped.Length; j++)
            {
                if ((mask >> j & 1) == 1)
                {
                    (a[flipped[j]], b[flipped[j]]) = (b[flipped[j]], a[flipped[j]]);
                }
            }

            return Math.Abs(answers.Gain(metric, a, b)) >= Math.Abs(observed) - 1e-12;
        });

        var test = PairedTests.Permutation(metric, answers, seed: 1);

        Assert.Equal(flipped.Length, test.Discordant);
        Assert.Equal(observed, test.Statistic, 12);
        Assert.Equal(asFar / 128.0, test.PValue, 12);
    }

    [Fact]
    public void Permutation_HugeTrueDifference_GivesPNearZero()
    {
        var random = new Random(3);
        var actual = Enumerable.Range(0, 300).Select(_ => random.NextDouble() * 10).ToArray();
        var champion = actual.Select(a => new[] { a + (random.NextDouble() * 6) - 3 }).ToArray();
        var challenger = actual.Select(a => new[] { a + (random.NextDouble() * 0.2) - 0.1 }).ToArray();

        var test = PairedTests.Permutation(MetricNames.Rmse, new PairedAnswers(actual, champion, challenger, 0), seed: 7);

        Assert.Equal(1.0 / (PairedTests.Permutations + 1), test.PValue, 12);
        Assert.True(test.Statistic > 1);
    }

    [Fact]
    public void Permutation_IdenticalModels_GivePAtLeastHalf()
    {
        var random = new Random(5);
        var actual = Enumerable.Range(0, 200).Select(_ => (double)random.Next(2)).ToArray();
        var answers = actual.Select(_ => random.NextDouble()).Select(p => new[] { 1 - p, p }).ToArray();

        var test = PairedTests.Permutation(MetricNames.F1, new PairedAnswers(actual, answers, answers, 2), seed: 7);

        Assert.True(test.PValue >= 0.5, $"p = {test.PValue}");
        Assert.Equal(0, test.Discordant);
    }

    [Fact]
    public void Permutation_SameSeed_GivesTheSamePValueAndAnotherSeedMayNot()
    {
        var random = new Random(9);
        var actual = Enumerable.Range(0, 150).Select(_ => (double)random.Next(2)).ToArray();
        double[][] Model() => [.. actual.Select(a => Math.Clamp(a * 0.3 + random.NextDouble() * 0.7, 0, 1)).Select(p => new[] { 1 - p, p })];
        var answers = new PairedAnswers(actual, Model(), Model(), 2);

        var first = PairedTests.Permutation(MetricNames.RocAuc, answers, seed: 11);
        var again = PairedTests.Permutation(MetricNames.RocAuc, answers, seed: 11);
        var other = PairedTests.Permutation(MetricNames.RocAuc, answers, seed: 12);

        Assert.Equal(first, again);
        Assert.NotEqual(first.PValue, other.PValue);
        Assert.Equal(first.Statistic, other.Statistic);
    }

    [Theory]
    [InlineData(MetricNames.Accuracy, PairedTests.McNemarName)]
    [InlineData(MetricNames.F1, PairedTests.PermutationName)]
    [InlineData(MetricNames.RocAuc, PairedTests.PermutationName)]
    public void For_Metric_PicksMcNemarForAccuracyAndPermutationOtherwise(string metric, string expected)
    {
        double[] actual = [0, 1];
        double[][] answers = [[0.8, 0.2], [0.3, 0.7]];

        Assert.Equal(expected, PairedTests.For(metric, new PairedAnswers(actual, answers, answers, 2), seed: 1).Name);
    }
}
