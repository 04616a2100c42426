namespace Ferry.Core.Data;

/// <summary>Counts values into the bins that distinct ascending interior edges define: bin k holds (edges[k-1], edges[k]].</summary>
internal static class Bins
{
    public static double[] Count(IReadOnlyList<double> values, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        foreach (var value in values)
        {
            if (!double.IsNaN(value))
            {
                counts[Of(value, edges)]++;
            }
        }

        return counts;
    }

    /// <summary>The same counts for values sorted ascending, in one pass.</summary>
    public static double[] CountSorted(ReadOnlySpan<double> sorted, double[] edges)
    {
        var counts = new double[edges.Length + 1];
        var bin = 0;
        var start = 0;
        for (var i = 0; i < sorted.Length; i++)
        {
            while (bin < edges.Length && sorted[i] > edges[bin])
            {
                counts[bin] = i - start;
                start = i;
                bin++;
            }
        }

        counts[bin] = sorted.Length - start;
        return counts;
    }

    public static int Of(double value, double[] edges)
    {
        var index = Array.BinarySearch(edges, value);
        return index < 0 ? ~index : index;
    }
}
