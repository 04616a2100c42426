using Ferry.Core.Spec;

namespace Ferry.Core.Training.Cart;

/// <summary>Grows one CART tree as scikit-learn's DecisionTreeClassifier and DecisionTreeRegressor do with
/// max_leaf_nodes set: best first, the frontier node whose split lowers the impurity most is split next, until the
/// tree has max_leaves leaves or no node can be split. ML.NET has no single multiclass tree (its trees are binary
/// one-versus-all or boosted per class), which is why Ferry grows this one itself.</summary>
internal sealed class CartTrainer
{
    /// <summary>A node is pure, and left a leaf, when its impurity is this share of the root's or less.</summary>
    private const double PureShare = 1e-12;

    private readonly float[][] _columns;
    private readonly double[] _targets;
    private readonly int _classCount;
    private readonly double[]? _classWeights;
    private readonly int _minLeaf;
    private readonly int _maxDepth;
    private readonly CartSplitter _splitter;
    private readonly int[] _rows;
    private readonly int[] _scratch;
    private readonly List<CartNode> _nodes = [];
    private readonly PriorityQueue<Frontier, (double, int)> _frontier = new();
    private double _pure;

    private CartTrainer(float[][] columns, double[] targets, int classCount, double[]? classWeights, IReadOnlyDictionary<string, double> parameters)
    {
        _columns = columns;
        _targets = targets;
        _classCount = classCount;
        _classWeights = classWeights;
        _minLeaf = (int)parameters["min_samples_leaf"];
        _maxDepth = (int)parameters["max_depth"];
        _splitter = new CartSplitter(columns, targets, classCount, classWeights, _minLeaf);
        _rows = [.. Enumerable.Range(0, targets.Length)];
        _scratch = new int[targets.Length];
    }

    /// <param name="columns">The training rows' features, one array per feature slot.</param>
    /// <param name="targets">Class index (classification) or value (regression) of each row.</param>
    /// <param name="type">The problem type.</param>
    /// <param name="classCount">Number of classes (classification).</param>
    /// <param name="parameters">max_leaves, max_depth (0: no limit) and min_samples_leaf.</param>
    /// <param name="classWeights">The weight of each class's rows (<see cref="ClassWeights"/>), or null: a node's class
    /// counts, impurity and probabilities are then sums of weights, as scikit-learn's class_weight makes them.</param>
    public static CartTree Fit(float[][] columns, double[] targets, ProblemType type, int classCount, IReadOnlyDictionary<string, double> parameters,
        double[]? classWeights)
    {
        if (targets.Length == 0)
        {
            throw new FerryException("the tree candidate needs at least one training row");
        }

        var trainer = new CartTrainer(columns, targets, type.IsClassification() ? classCount : 0, classWeights, parameters);
        trainer.Grow((int)parameters["max_leaves"]);
        return new CartTree(type, trainer._nodes);
    }

    private void Grow(int maxLeaves)
    {
        Add(0, _rows.Length, 0);
        for (var leaves = 1; leaves < maxLeaves && _frontier.TryDequeue(out var node, out _); leaves++)
        {
            var split = node.Split;
            Partition(node.Start, node.End, split);
            var left = Add(node.Start, node.Start + split.LeftCount, node.Depth + 1);
            var right = Add(node.Start + split.LeftCount, node.End, node.Depth + 1);
            _nodes[node.Node] = _nodes[node.Node] with { Feature = split.Feature, Threshold = split.Threshold, Left = left, Right = right };
        }
    }

    /// <summary>Adds a leaf for the rows in [start, end) and queues its best split when it may be split.</summary>
    private int Add(int start, int end, int depth)
    {
        var rows = _rows.AsSpan(start, end - start);
        var (value, stats, proxy, impurity) = _classCount > 0 ? SummarizeClasses(rows) : SummarizeValues(rows);
        var id = _nodes.Count;
        _nodes.Add(new CartNode(-1, 0, -1, -1, value));
        if (id == 0)
        {
            _pure = impurity * PureShare;
        }

        var splittable = rows.Length >= Math.Max(2, 2 * _minLeaf) && impurity > _pure && (_maxDepth == 0 || depth < _maxDepth);
        if (splittable && _splitter.Find(rows, stats, proxy) is { } split)
        {
            _frontier.Enqueue(new Frontier(id, start, end, depth, split), (-split.Improvement, id));
        }

        return id;
    }

    private (double[] Value, double[] Stats, double Proxy, double Impurity) SummarizeClasses(ReadOnlySpan<int> rows)
    {
        var counts = new double[_classCount];
        foreach (var row in rows)
        {
            var c = (int)_targets[row];
            counts[c] += _classWeights?[c] ?? 1;
        }

        var squares = counts.Sum(count => count * count);
        var n = counts.Sum();
        return ([.. counts.Select(count => count / n)], counts, squares / n, 1 - squares / (n * n));
    }

    private (double[] Value, double[] Stats, double Proxy, double Impurity) SummarizeValues(ReadOnlySpan<int> rows)
    {
        var sum = 0.0;
        foreach (var row in rows)
        {
            sum += _targets[row];
        }

        var n = (double)rows.Length;
        var mean = sum / n;
        var deviations = 0.0;
        foreach (var row in rows)
        {
            deviations += (_targets[row] - mean) * (_targets[row] - mean);
        }

        return ([mean], [sum], sum * sum / n, deviations / n);
    }

    /// <summary>Puts the rows that go left first, keeping the order on each side.</summary>
    private void Partition(int start, int end, CartSplit split)
    {
        var column = _columns[split.Feature];
        var (left, right) = (start, 0);
        for (var i = start; i < end; i++)
        {
            var row = _rows[i];
            if (column[row] <= split.Threshold)
            {
                _rows[left++] = row;
            }
            else
            {
                _scratch[right++] = row;
            }
        }

        _scratch.AsSpan(0, right).CopyTo(_rows.AsSpan(left));
    }

    private sealed record Frontier(int Node, int Start, int End, int Depth, CartSplit Split);
}
