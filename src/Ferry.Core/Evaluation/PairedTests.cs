using Ferry.Core.Spec;

namespace Ferry.Core.Evaluation;

/// <summary>One-sided paired tests of "is the challenger better than the champion on these rows?". Accuracy: the exact
/// McNemar test, a binomial test of the rows only the challenger got right among the rows where exactly one model is
/// right (as statsmodels' mcnemar(exact=True), one-sided). Other metrics: a paired permutation test (as mlxtend's
/// permutation_test(paired=True)): each row's two answers are swapped at random and the metric recomputed; every
/// assignment is enumerated when there are few, otherwise <see cref="Permutations"/> are drawn from a seeded generator.</summary>
internal static class PairedTests
{
    public const string McNemarName = "exact McNemar";
    public const string PermutationName = "paired permutation";

    /// <summary>Random swaps drawn when there are more assignments than this.</summary>
    public const int Permutations = 4999;

    public static PairedTest For(string metric, PairedAnswers answers, int seed) =>
        metric == MetricNames.Accuracy ? McNemar(answers) : Permutation(metric, answers, seed);

    public static PairedTest McNemar(PairedAnswers answers)
    {
        var champion = answers.Correct(answers.Champion);
        var challenger = answers.Correct(answers.Challenger);
        var challengerOnly = champion.Where((right, i) => !right && challenger[i]).Count();
        var championOnly = champion.Where((right, i) => right && !challenger[i]).Count();
        return McNemar(challengerOnly, championOnly, answers.Rows);
    }

    /// <summary>The exact one-sided McNemar test: P(X &gt;= b) for X ~ Binomial(b + c, 1/2).</summary>
    /// <param name="challengerOnly">b: rows only the challenger got right.</param>
    /// <param name="championOnly">c: rows only the champion got right.</param>
    /// <param name="rows">All rows both answered.</param>
    public static PairedTest McNemar(int challengerOnly, int championOnly, int rows)
    {
        var discordant = challengerOnly + championOnly;
        return new(McNemarName, challengerOnly, Binomial.UpperTailHalf(challengerOnly, discordant), Math.Pow(0.5, discordant), rows, discordant);
    }

    public static PairedTest Permutation(string metric, PairedAnswers answers, int seed)
    {
        int[] differing = [.. Enumerable.Range(0, answers.Rows).Where(i => !answers.Champion[i].SequenceEqual(answers.Challenger[i]))];
        var observed = answers.Gain(metric, answers.Champion, answers.Challenger);
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(observed));
        var champion = (double[][])answers.Champion.Clone();
        var challenger = (double[][])answers.Challenger.Clone();
        bool AtLeastObserved(Func<int, bool> swap)
        {
            for (var j = 0; j < differing.Length; j++)
            {
                var row = differing[j];
                (champion[row], challenger[row]) = swap(j) ? (answers.Challenger[row], answers.Champion[row]) : (answers.Champion[row], answers.Challenger[row]);
            }

            return answers.Gain(metric, champion, challenger) >= observed - tolerance;
        }

        if (differing.Length < 31 && 1 << differing.Length <= Permutations + 1)
        {
            var assignments = 1 << differing.Length;
            var atLeast = Enumerable.Range(0, assignments).Count(mask => AtLeastObserved(j => (mask >> j & 1) == 1));
            return new(PermutationName, observed, (double)atLeast / assignments, 1.0 / assignments, answers.Rows, differing.Length);
        }

        var random = new Random(seed);
        var drawn = Enumerable.Range(0, Permutations).Count(_ => AtLeastObserved(_ => random.Next(2) == 1));
        return new(PermutationName, observed, (drawn + 1.0) / (Permutations + 1), 1.0 / (Permutations + 1), answers.Rows, differing.Length);
    }
}
