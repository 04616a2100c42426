namespace Ferry.Core.Training.Cart;

/// <summary>Finds a node's best split as scikit-learn's BestSplitter does: every feature, every boundary between two
/// neighbouring distinct values that leaves at least min_samples_leaf rows on each side, threshold halfway between
/// them. The best split maximizes sum(count²)/n over both sides (Gini) or sum²/n (squared error), which is the
/// same as lowering the summed impurity most. Features are tried in order and a later one must be strictly better,
/// so a tie goes to the lower slot (scikit-learn breaks ties by a random feature order). With class weights, counts and
/// n are sums of the rows' weights; min_samples_leaf still counts rows.</summary>
internal sealed class CartSplitter(float[][] columns, double[] targets, int classCount, double[]? classWeights, int minLeaf)
{
    private readonly float[] _keys = new float[targets.Length];
    private readonly int[] _items = new int[targets.Length];
    private readonly double[] _leftCounts = new double[classCount];
    private readonly double[] _rightCounts = new double[classCount];

    /// <param name="rows">The node's rows.</param>
    /// <param name="stats">The node's class counts (classification) or its one-slot target sum (regression).</param>
    /// <param name="proxy">The node's own sum(count²)/n or sum²/n.</param>
    /// <returns>The best split, or null when no boundary leaves enough rows on both sides.</returns>
    public CartSplit? Find(ReadOnlySpan<int> rows, double[] stats, double proxy)
    {
        var n = rows.Length;
        var keys = _keys.AsSpan(0, n);
        var items = _items.AsSpan(0, n);
        CartSplit? best = null;
        var bestProxy = double.NegativeInfinity;
        for (var feature = 0; feature < columns.Length; feature++)
        {
            var column = columns[feature];
            for (var k = 0; k < n; k++)
            {
                items[k] = rows[k];
                keys[k] = column[rows[k]];
            }

            keys.Sort(items);
            if (keys[0] == keys[n - 1])
            {
                continue;
            }

            var scan = classCount > 0 ? ScanClasses(keys, items, stats) : ScanValues(keys, items, stats[0]);
            if (scan.Proxy > bestProxy)
            {
                bestProxy = scan.Proxy;
                best = new CartSplit(feature, keys[scan.Left - 1] / 2.0 + keys[scan.Left] / 2.0, scan.Left, scan.Proxy - proxy);
            }
        }

        return best;
    }

    /// <summary>The best boundary of one sorted feature for class targets: moving a row of class c and weight w to the
    /// left changes sum(count²) by 2wc+w² there and by -(2wc-w²) on the right.</summary>
    private (double Proxy, int Left) ScanClasses(ReadOnlySpan<float> keys, ReadOnlySpan<int> items, double[] counts)
    {
        Array.Clear(_leftCounts);
        counts.CopyTo(_rightCounts, 0);
        var leftSquares = 0.0;
        var rightSquares = counts.Sum(count => count * count);
        var (leftWeight, total) = (0.0, counts.Sum());
        var best = (Proxy: double.NegativeInfinity, Left: 0);
        for (var k = 0; k < keys.Length - 1; k++)
        {
            var c = (int)targets[items[k]];
            var w = classWeights?[c] ?? 1;
            leftSquares += (2 * _leftCounts[c] + w) * w;
            rightSquares -= (2 * _rightCounts[c] - w) * w;
            _leftCounts[c] += w;
            _rightCounts[c] -= w;
            leftWeight += w;
            var left = k + 1;
            var right = keys.Length - left;
            if (right < minLeaf)
            {
                break;
            }

            if (left >= minLeaf && keys[k] != keys[k + 1])
            {
                var proxy = leftSquares / leftWeight + rightSquares / (total - leftWeight);
                if (proxy > best.Proxy)
                {
                    best = (proxy, left);
                }
            }
        }

        return best;
    }

    /// <summary>The best boundary of one sorted feature for values: sum²/n on each side.</summary>
    private (double Proxy, int Left) ScanValues(ReadOnlySpan<float> keys, ReadOnlySpan<int> items, double sum)
    {
        var leftSum = 0.0;
        var best = (Proxy: double.NegativeInfinity, Left: 0);
        for (var k = 0; k < keys.Length - 1; k++)
        {
            leftSum += targets[items[k]];
            var left = k + 1;
            var right = keys.Length - left;
            if (right < minLeaf)
            {
                break;
            }

            if (left >= minLeaf && keys[k] != keys[k + 1])
            {
                var rightSum = sum - leftSum;
                var proxy = leftSum * leftSum / left + rightSum * rightSum / right;
                if (proxy > best.Proxy)
                {
                    best = (proxy, left);
                }
            }
        }

        return best;
    }
}
