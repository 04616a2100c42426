namespace Ferry.Core.Preparation;

/// <summary>Seeded splits of row indices: train/test, optionally stratified by class, and k folds.</summary>
internal static class Splitter
{
    /// <param name="rows">The rows to split.</param>
    /// <param name="testFraction">The share of rows held out for the test.</param>
    /// <param name="classes">The class of each row (indexed by row), to keep class ratios in both parts; null for none.</param>
    /// <param name="seed">The seed: the same seed and rows give the same split.</param>
    /// <remarks>Two rows or more always give at least one test row.</remarks>
    public static TrainTestSplit TrainTest(IReadOnlyList<int> rows, double testFraction, IReadOnlyList<int>? classes, int seed)
    {
        var random = new Random(seed);
        var (grouped, groups) = Grouped(rows, classes);
        var testCounts = groups.Select(group => TestCount(group.End.Value - group.Start.Value, testFraction)).ToArray();
        if (testCounts.Sum() == 0 && grouped.Length > 1)
        {
            // Every group rounds to no test row (a few rows, or classes of one row each): the largest one gives one, so
            // there is always a test part to score.
            testCounts[Array.IndexOf(groups, groups.MaxBy(group => group.End.Value - group.Start.Value))] = 1;
        }

        var test = new int[testCounts.Sum()];
        var train = new int[grouped.Length - test.Length];
        var (nextTest, nextTrain) = (0, 0);
        for (var g = 0; g < groups.Length; g++)
        {
            var shuffled = grouped.AsSpan(groups[g]);
            random.Shuffle(shuffled);
            shuffled[..testCounts[g]].CopyTo(test.AsSpan(nextTest));
            shuffled[testCounts[g]..].CopyTo(train.AsSpan(nextTrain));
            nextTest += testCounts[g];
            nextTrain += shuffled.Length - testCounts[g];
        }

        random.Shuffle(train);
        random.Shuffle(test);
        return new TrainTestSplit(train, test);
    }

    /// <summary>A split by time: rows ordered by <paramref name="time"/>; the latest <paramref name="testFraction"/> are the test part.</summary>
    public static TrainTestSplit ByTime(IReadOnlyList<int> rows, double[] time, double testFraction)
    {
        var ordered = rows.OrderBy(row => time[row]).ThenBy(row => row).ToArray();
        var testCount = Math.Clamp((int)Math.Round(ordered.Length * testFraction, MidpointRounding.AwayFromZero), 1, ordered.Length - 1);
        return new TrainTestSplit(ordered[..^testCount], ordered[^testCount..]);
    }

    /// <summary>Expanding-window folds over rows in time order: fold i fits on the first i + 1 of k + 1
    /// chunks and validates on the next, so no validation row is earlier than a fitted row.</summary>
    public static IReadOnlyList<(int[] Fit, int[] Validate)> TimeFolds(IReadOnlyList<int> rows, double[] time, int k)
    {
        var ordered = rows.OrderBy(row => time[row]).ThenBy(row => row).ToArray();
        var chunk = ordered.Length / (k + 1);
        return [.. Enumerable.Range(1, k).Select(i => (ordered[..(chunk * i)], i == k ? ordered[(chunk * i)..] : ordered[(chunk * i)..(chunk * (i + 1))]))];
    }

    /// <summary>k-fold pairs: each fold validates once and the others fit.</summary>
    public static IReadOnlyList<(int[] Fit, int[] Validate)> KFold(IReadOnlyList<int> rows, int k, IReadOnlyList<int>? classes, int seed)
    {
        var folds = Folds(rows, k, classes, seed);
        return [.. folds.Select((validate, i) => (folds.Where((_, j) => j != i).SelectMany(f => f).ToArray(), validate))];
    }

    /// <summary>Deals rows into <paramref name="k"/> folds; with classes, each class is dealt round-robin
    /// so every fold keeps the class ratios within one row.</summary>
    public static int[][] Folds(IReadOnlyList<int> rows, int k, IReadOnlyList<int>? classes, int seed)
    {
        var random = new Random(seed);
        var folds = Enumerable.Range(0, k).Select(_ => new List<int>()).ToArray();
        var next = 0;
        var (grouped, groups) = Grouped(rows, classes);
        foreach (var group in groups)
        {
            var shuffled = grouped.AsSpan(group);
            random.Shuffle(shuffled);
            foreach (var row in shuffled)
            {
                folds[next].Add(row);
                next = (next + 1) % k;
            }
        }

        return [.. folds.Select(fold => fold.ToArray())];
    }

    /// <summary>The rows of each group kept together, in row order within a group; several groups are one per
    /// class, in class order, and one array holds them all (a counting sort, not a list per group).</summary>
    private static (int[] Rows, Range[] Groups) Grouped(IReadOnlyList<int> rows, IReadOnlyList<int>? classes)
    {
        if (classes is null)
        {
            return ([.. rows], [0..rows.Count]);
        }

        var sizes = new SortedDictionary<int, int>();
        foreach (var row in rows)
        {
            sizes[classes[row]] = sizes.GetValueOrDefault(classes[row]) + 1;
        }

        var starts = new Dictionary<int, int>();
        var groups = new List<Range>();
        foreach (var (key, size) in sizes)
        {
            var start = groups.Count == 0 ? 0 : groups[^1].End.Value;
            starts[key] = start;
            groups.Add(start..(start + size));
        }

        var grouped = new int[rows.Count];
        foreach (var row in rows)
        {
            grouped[starts[classes[row]]++] = row;
        }

        return (grouped, [.. groups]);
    }

    /// <summary>The group's test rows: at least one and at most all but one when the group has two or more.</summary>
    private static int TestCount(int length, double testFraction)
    {
        var count = (int)Math.Round(length * testFraction, MidpointRounding.AwayFromZero);
        return length > 1 ? Math.Clamp(count, 1, length - 1) : count;
    }
}
