using System.Globalization;
using System.Numerics;
using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Paired tests of whether two models score differently on the same rows, two-sided at 5%: the gate promotes
/// only a challenger that is the better one and significantly so, which is a one-sided test at 2.5% (so an equally good
/// challenger is promoted at most 2.5% of the time, well inside the 5% the contract allows). Accuracy: the exact McNemar
/// test, as statsmodels' mcnemar(exact=True): twice the binomial tail of the smaller count of rows only one model got
/// right, among the rows where exactly one did. Other metrics: a paired permutation test, as mlxtend's
/// permutation_test(paired=True): each row's two answers are swapped at random and the metric recomputed; every
/// assignment is enumerated when there are few, otherwise <see cref="Permutations"/> are drawn from a seeded generator.</summary>
internal static class PairedTests
{
    public const string McNemarName = "exact McNemar";
    public const string PermutationName = "paired permutation";

    /// <summary>Random swaps drawn when there are more assignments than this.</summary>
    public const int Permutations = 1999;

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

    /// <summary>The exact McNemar test: min(1, 2 P(X &lt;= min(b, c))) for X ~ Binomial(b + c, 1/2).</summary>
    /// <param name="challengerOnly">b: rows only the challenger got right.</param>
    /// <param name="championOnly">c: rows only the champion got right.</param>
    /// <param name="rows">All rows both answered.</param>
    public static PairedTest McNemar(int challengerOnly, int championOnly, int rows)
    {
        var discordant = challengerOnly + championOnly;
        var pValue = Math.Min(1, 2 * Binomial.UpperTailHalf(Math.Max(challengerOnly, championOnly), discordant));
        return new(McNemarName, challengerOnly, pValue, Math.Min(1, 2 * Math.Pow(0.5, discordant)), rows, discordant);
    }

    public static PairedTest Permutation(string metric, PairedAnswers answers, int seed)
    {
        var counted = answers.ClassCount > 0 && metric is MetricNames.Precision or MetricNames.Recall or MetricNames.F1;
        int[] differing = [.. Enumerable.Range(0, answers.Rows).Where(i => counted
            ? Statistics.ArgMax(answers.Champion[i]) != Statistics.ArgMax(answers.Challenger[i])
            : !answers.Champion[i].SequenceEqual(answers.Challenger[i]))];
        var gain = answers.ClassCount == 0 ? RegressionGain(metric, answers, differing)
            : counted ? ConfusionGain(metric, answers, differing)
            : ClassificationGain(metric, answers, differing);
        var swaps = new byte[(differing.Length + 7) / 8];
        var observed = gain(swaps);
        var tolerance = 1e-12 * Math.Max(1, Math.Abs(observed));
        if (differing.Length < 31 && 1 << differing.Length <= Permutations + 1)
        {
            var assignments = 1 << differing.Length;
            var asFar = 0;
            for (var mask = 0; mask < assignments; mask++)
            {
                for (var k = 0; k < swaps.Length; k++)
                {
                    swaps[k] = (byte)(mask >> (8 * k));
                }

                asFar += Math.Abs(gain(swaps)) >= Math.Abs(observed) - tolerance ? 1 : 0;
            }

            return new(PermutationName, observed, (double)asFar / assignments, Math.Min(1, 2.0 / assignments), answers.Rows, differing.Length);
        }

        var random = new Random(seed);
        var drawn = 0;
        for (var draw = 0; draw < Permutations; draw++)
        {
            random.NextBytes(swaps);
            drawn += Math.Abs(gain(swaps)) >= Math.Abs(observed) - tolerance ? 1 : 0;
        }

        return new(PermutationName, observed, (drawn + 1.0) / (Permutations + 1), 1.0 / (Permutations + 1), answers.Rows, differing.Length);
    }

    /// <summary>Whether differing row <paramref name="j"/> has its two answers swapped: bit j of <paramref name="swaps"/>.</summary>
    private static bool Swapped(byte[] swaps, int j) => (swaps[j >> 3] >> (j & 7) & 1) == 1;

    /// <summary>The challenger's gain with the differing rows whose bits are set swapped, recomputing the whole metric
    /// (roc_auc, which ranks the probabilities).</summary>
    private static Func<byte[], double> ClassificationGain(string metric, PairedAnswers answers, int[] differing)
    {
        var champion = (double[][])answers.Champion.Clone();
        var challenger = (double[][])answers.Challenger.Clone();
        return swaps =>
        {
            for (var j = 0; j < differing.Length; j++)
            {
                var row = differing[j];
                (champion[row], challenger[row]) = Swapped(swaps, j) ? (answers.Challenger[row], answers.Champion[row]) : (answers.Champion[row], answers.Challenger[row]);
            }

            return answers.Gain(metric, champion, challenger);
        };
    }

    /// <summary>The same for precision, recall and f1, which depend on the predicted classes only: a swap moves a row
    /// between two cells of each model's confusion matrix (the differing rows are those whose predicted classes differ).</summary>
    private static Func<byte[], double> ConfusionGain(string metric, PairedAnswers answers, int[] differing)
    {
        var classCount = answers.ClassCount;
        int[] actual = [.. answers.Actual.Select(a => (int)a)];
        int[] championClass = [.. answers.Champion.Select(Statistics.ArgMax)];
        int[] challengerClass = [.. answers.Challenger.Select(Statistics.ArgMax)];
        var championBase = ClassificationMetrics.Confusion(actual, answers.Champion, classCount, Decision.DefaultThreshold);
        var challengerBase = ClassificationMetrics.Confusion(actual, answers.Challenger, classCount, Decision.DefaultThreshold);
        string[] classes = [.. Enumerable.Range(0, classCount).Select(c => c.ToString(CultureInfo.InvariantCulture))];
        Func<ClassReport, double> pick = metric switch
        {
            MetricNames.Precision => report => report.Precision,
            MetricNames.Recall => report => report.Recall,
            _ => report => report.F1,
        };
        double Score(int[][] confusion)
        {
            var reports = ClassificationMetrics.Report(confusion, classes);
            return classCount == 2 ? pick(reports[1]) : reports.Average(pick);
        }

        var champion = championBase.Select(row => (int[])row.Clone()).ToArray();
        var challenger = challengerBase.Select(row => (int[])row.Clone()).ToArray();
        return swaps =>
        {
            for (var c = 0; c < classCount; c++)
            {
                championBase[c].CopyTo(champion[c], 0);
                challengerBase[c].CopyTo(challenger[c], 0);
            }

            for (var j = 0; j < differing.Length; j++)
            {
                if (Swapped(swaps, j))
                {
                    var row = differing[j];
                    var (truth, mine, theirs) = (actual[row], championClass[row], challengerClass[row]);
                    (champion[truth][mine], champion[truth][theirs]) = (champion[truth][mine] - 1, champion[truth][theirs] + 1);
                    (challenger[truth][theirs], challenger[truth][mine]) = (challenger[truth][theirs] - 1, challenger[truth][mine] + 1);
                }
            }

            return Score(challenger) - Score(champion);
        };
    }

    /// <summary>For each byte of the swap bits and each of its 256 values, the loss those swaps move from the champion's
    /// side to the challenger's: a draw then costs one look-up per eight rows.</summary>
    private static double[][] ByteShifts(double[] moved) => [.. Enumerable.Range(0, (moved.Length + 7) / 8).Select(k =>
    {
        var table = new double[256];
        for (var value = 1; value < 256; value++)
        {
            var bit = BitOperations.TrailingZeroCount(value);
            var row = (8 * k) + bit;
            table[value] = table[value & (value - 1)] + (row < moved.Length ? moved[row] : 0);
        }

        return table;
    })];

    /// <summary>The same for rmse, mae and r2, which are sums of per-row losses (squared or absolute errors): a swap moves a
    /// row's loss from one side to the other, so only the sums change.</summary>
    private static Func<byte[], double> RegressionGain(string metric, PairedAnswers answers, int[] differing)
    {
        double Loss(double[] scores, int row)
        {
            var error = scores[0] - answers.Actual[row];
            return metric == MetricNames.Mae ? Math.Abs(error) : error * error;
        }

        var n = answers.Rows;
        var championLoss = Enumerable.Range(0, n).Sum(i => Loss(answers.Champion[i], i));
        var challengerLoss = Enumerable.Range(0, n).Sum(i => Loss(answers.Challenger[i], i));
        var shifts = ByteShifts([.. differing.Select(i => Loss(answers.Challenger[i], i) - Loss(answers.Champion[i], i))]);
        var mean = answers.Actual.Average();
        var total = answers.Actual.Sum(a => (a - mean) * (a - mean));
        return swaps =>
        {
            var shift = 0.0;
            for (var k = 0; k < swaps.Length; k++)
            {
                shift += shifts[k][swaps[k]];
            }

            var (a, b) = (championLoss + shift, challengerLoss - shift);
            return metric switch
            {
                MetricNames.Rmse => Math.Sqrt(a / n) - Math.Sqrt(b / n),
                MetricNames.R2 => total == 0 ? 0 : (a - b) / total,
                _ => (a - b) / n,
            };
        };
    }
}
