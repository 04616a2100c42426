namespace Ferry.Core.Evaluation;

/// <summary>The reliability curve of classified rows in <see cref="BinCount"/> equal-width bins, binned as scikit-learn's
/// calibration_curve(strategy="uniform") bins them: for a binary model, the probability of the positive class against the
/// share of rows of that class; for a multiclass model, the probability of the most probable class against the share of
/// rows it was right on (confidence against accuracy, as Guo et al. 2017 measure it).</summary>
internal static class Reliability
{
    public const int BinCount = 10;

    /// <param name="actual">The class index of each row.</param>
    /// <param name="scores">The class probabilities of each row.</param>
    public static ReliabilityCurve Compute(int[] actual, IReadOnlyList<double[]> scores)
    {
        var sums = new double[BinCount];
        var hits = new double[BinCount];
        var counts = new int[BinCount];
        for (var i = 0; i < actual.Length; i++)
        {
            var (probability, hit) = scores[i].Length == 2
                ? (scores[i][1], actual[i] == 1)
                : (scores[i].Max(), actual[i] == Array.IndexOf(scores[i], scores[i].Max()));
            var bin = Bin(probability);
            sums[bin] += probability;
            hits[bin] += hit ? 1 : 0;
            counts[bin]++;
        }

        var bins = Enumerable.Range(0, BinCount).Where(b => counts[b] > 0)
            .Select(b => new ReliabilityBin(b / (double)BinCount, (b + 1) / (double)BinCount, sums[b] / counts[b], hits[b] / counts[b], counts[b]))
            .ToArray();
        var error = actual.Length == 0 ? double.NaN : bins.Sum(b => b.Count * Math.Abs(b.Observed - b.MeanPredicted)) / actual.Length;
        return new ReliabilityCurve(bins, error);
    }

    /// <summary>The bin whose upper edge is the first edge at or above the probability (numpy's searchsorted over the
    /// inner edges).</summary>
    private static int Bin(double probability)
    {
        var bin = 0;
        while (bin < BinCount - 1 && probability > (bin + 1) * (1.0 / BinCount))
        {
            bin++;
        }

        return bin;
    }
}
