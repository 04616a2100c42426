using System.Text.Json.Serialization;
using Ferry.Core.Evaluation;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The training distribution of one input, or of the predictions, in the manifest's `reference`
/// (<see cref="FeatureReference"/>).</summary>
internal sealed record FeatureReferenceFile
{
    [JsonPropertyName("column")]
    public required string Column { get; init; }

    [JsonPropertyName("numeric")]
    public required bool Numeric { get; init; }

    [JsonPropertyName("count")]
    public int Count { get; init; }

    [JsonPropertyName("missing")]
    public int Missing { get; init; }

    [JsonPropertyName("mean")]
    public double Mean { get; init; } = double.NaN;

    [JsonPropertyName("std")]
    public double Std { get; init; } = double.NaN;

    [JsonPropertyName("sample")]
    public double[] Sample { get; init; } = [];

    [JsonPropertyName("edges")]
    public double[] Edges { get; init; } = [];

    [JsonPropertyName("shares")]
    public double[] Shares { get; init; } = [];

    [JsonPropertyName("frequencies")]
    public IReadOnlyDictionary<string, double> Frequencies { get; init; } = new Dictionary<string, double>();

    public static FeatureReferenceFile From(FeatureReference reference) => new()
    {
        Column = reference.Column,
        Numeric = reference.Numeric,
        Count = reference.Count,
        Missing = reference.Missing,
        Mean = reference.Mean,
        Std = reference.Std,
        Sample = reference.Sample,
        Edges = reference.Edges,
        Shares = reference.Shares,
        Frequencies = reference.Frequencies,
    };

    public FeatureReference ToReference() => new()
    {
        Column = Column,
        Numeric = Numeric,
        Count = Count,
        Missing = Missing,
        Mean = Mean,
        Std = Std,
        Sample = Sample,
        Edges = Edges,
        Shares = Shares,
        Frequencies = Frequencies,
    };
}
