namespace Ferry.Core.Evaluation;

/// <summary>The training distribution of one input (or of the model's predictions), compact enough for every bundle:
/// moments, a sorted bounded sample (every value when there are at most <see cref="ReferenceProfiler.SampleSize"/>,
/// else that many evenly spaced quantiles), decile bins with their shares, and value counts for categories and
/// for numbers with few distinct values.</summary>
public sealed record FeatureReference
{
    public required string Column { get; init; }

    /// <summary>True for numbers, booleans and dates (as days since 1970); false for categories.</summary>
    public required bool Numeric { get; init; }

    /// <summary>Values present in the reference rows.</summary>
    public int Count { get; init; }

    public int Missing { get; init; }

    public double Mean { get; init; } = double.NaN;

    /// <summary>Population standard deviation (numpy's default).</summary>
    public double Std { get; init; } = double.NaN;

    public double[] Sample { get; init; } = [];

    /// <summary>Interior bin edges (the reference deciles): bin k holds values in (Edges[k-1], Edges[k]].</summary>
    public double[] Edges { get; init; } = [];

    /// <summary>Share of the reference values in each of the Edges.Length + 1 bins.</summary>
    public double[] Shares { get; init; } = [];

    /// <summary>Counts per category, or per value (invariant text) for numbers with few distinct values.</summary>
    public IReadOnlyDictionary<string, double> Frequencies { get; init; } = new Dictionary<string, double>();
}
