namespace Ferry.Core.Preparation;

/// <summary>A seeded simple random sample without replacement (Floyd's algorithm: memory for the sample only).</summary>
internal static class RowSample
{
    /// <summary><paramref name="count"/> of the items, in their original order; all of them when there are no more.</summary>
    public static T[] Take<T>(IReadOnlyList<T> items, int count, int seed)
    {
        if (items.Count <= count)
        {
            return [.. items];
        }

        var random = new Random(seed);
        var picked = new HashSet<int>(count);
        for (var j = items.Count - count; j < items.Count; j++)
        {
            if (!picked.Add(random.Next(j + 1)))
            {
                picked.Add(j);
            }
        }

        return [.. picked.Order().Select(i => items[i])];
    }
}
