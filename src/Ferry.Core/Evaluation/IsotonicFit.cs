using Ferry.Core.Training;

namespace Ferry.Core.Evaluation;

/// <summary>Fits isotonic calibration as scikit-learn's IsotonicRegression(increasing=True, y_min=0, y_max=1) does: rows
/// of equal probability pooled into one point (their mean outcome, weighted by their count), pool-adjacent-violators over
/// the points in increasing order, and only the points where the fitted value changes kept (the first and last of every
/// flat run), which interpolate exactly as all of them would.</summary>
internal static class IsotonicFit
{
    /// <param name="probability">The model's probability of the class, per row.</param>
    /// <param name="outcome">1 where the row is of the class, else 0.</param>
    public static IsotonicMap Fit(double[] probability, double[] outcome)
    {
        var order = Enumerable.Range(0, probability.Length).OrderBy(i => probability[i]).ToArray();
        var xs = new List<double>();
        var sums = new List<double>();
        var weights = new List<double>();
        foreach (var i in order)
        {
            if (xs.Count > 0 && probability[i] == xs[^1])
            {
                sums[^1] += outcome[i];
                weights[^1]++;
                continue;
            }

            xs.Add(probability[i]);
            sums.Add(outcome[i]);
            weights.Add(1);
        }

        var fitted = PoolAdjacentViolators(sums, weights);
        var keep = Enumerable.Range(0, xs.Count)
            .Where(i => i == 0 || i == xs.Count - 1 || fitted[i - 1] != fitted[i] || fitted[i] != fitted[i + 1])
            .ToArray();
        return new IsotonicMap([.. keep.Select(i => xs[i])], [.. keep.Select(i => Math.Clamp(fitted[i], 0, 1))]);
    }

    /// <summary>The non-decreasing values closest (weighted least squares) to the points' means: each block of points that
    /// violates the order is merged into its weighted mean until none does.</summary>
    private static double[] PoolAdjacentViolators(List<double> sums, List<double> weights)
    {
        var blocks = new List<(double Sum, double Weight, int Points)>();
        for (var i = 0; i < sums.Count; i++)
        {
            var block = (Sum: sums[i], Weight: weights[i], Points: 1);
            while (blocks.Count > 0 && blocks[^1].Sum / blocks[^1].Weight >= block.Sum / block.Weight)
            {
                block = (blocks[^1].Sum + block.Sum, blocks[^1].Weight + block.Weight, blocks[^1].Points + block.Points);
                blocks.RemoveAt(blocks.Count - 1);
            }

            blocks.Add(block);
        }

        var fitted = new double[sums.Count];
        var next = 0;
        foreach (var (sum, weight, points) in blocks)
        {
            fitted.AsSpan(next, points).Fill(sum / weight);
            next += points;
        }

        return fitted;
    }
}
