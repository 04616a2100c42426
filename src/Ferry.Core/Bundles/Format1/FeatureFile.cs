using System.Text.Json.Serialization;
using Ferry.Core.Features;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One of the manifest's `features`: the fitted treatment of one column (<see cref="ColumnFeature"/>).</summary>
internal sealed record FeatureFile
{
    [JsonPropertyName("column")]
    public required string Column { get; init; }

    [JsonPropertyName("kind")]
    public required ColumnKindName Kind { get; init; }

    [JsonPropertyName("input")]
    public int Input { get; init; } = -1;

    [JsonPropertyName("expression")]
    public string? Expression { get; init; }

    [JsonPropertyName("encoding")]
    public required EncodingName Encoding { get; init; }

    [JsonPropertyName("fill")]
    public double Fill { get; init; } = double.NaN;

    [JsonPropertyName("fillCategory")]
    public string? FillCategory { get; init; }

    [JsonPropertyName("clipLow")]
    public double ClipLow { get; init; } = double.NegativeInfinity;

    [JsonPropertyName("clipHigh")]
    public double ClipHigh { get; init; } = double.PositiveInfinity;

    [JsonPropertyName("log")]
    public bool Log { get; init; }

    [JsonPropertyName("categories")]
    public string[] Categories { get; init; } = [];

    [JsonPropertyName("dateParts")]
    public string[] DateParts { get; init; } = [];

    [JsonPropertyName("dateReference")]
    public double DateReference { get; init; }

    [JsonPropertyName("binEdges")]
    public double[] BinEdges { get; init; } = [];

    [JsonPropertyName("center")]
    public double[] Center { get; init; } = [];

    [JsonPropertyName("scale")]
    public double[] Scale { get; init; } = [];

    /// <summary>Written for readers of the file; Ferry derives it from the encoding and does not read it back.</summary>
    [JsonPropertyName("slotCount")]
    public int SlotCount { get; init; }

    /// <summary>Written for readers of the file; Ferry derives them from the encoding and does not read them back.</summary>
    [JsonPropertyName("slotNames")]
    public string[] SlotNames { get; init; } = [];

    public static FeatureFile From(ColumnFeature feature) => new()
    {
        Column = feature.Column,
        Kind = ColumnKindNames.From(feature.Kind),
        Input = feature.Input,
        Expression = feature.Expression,
        Encoding = EncodingNames.From(feature.Encoding),
        Fill = feature.Fill,
        FillCategory = feature.FillCategory,
        ClipLow = feature.ClipLow,
        ClipHigh = feature.ClipHigh,
        Log = feature.Log,
        Categories = feature.Categories,
        DateParts = feature.DateParts,
        DateReference = feature.DateReference,
        BinEdges = feature.BinEdges,
        Center = feature.Center,
        Scale = feature.Scale,
        SlotCount = feature.SlotCount,
        SlotNames = [.. feature.SlotNames],
    };

    public ColumnFeature ToFeature() => new()
    {
        Column = Column,
        Kind = Kind.ToKind(),
        Input = Input,
        Expression = Expression,
        Encoding = Encoding.ToEncoding(),
        Fill = Fill,
        FillCategory = FillCategory,
        ClipLow = ClipLow,
        ClipHigh = ClipHigh,
        Log = Log,
        Categories = Categories,
        DateParts = DateParts,
        DateReference = DateReference,
        BinEdges = BinEdges,
        Center = Center,
        Scale = Scale,
    };
}
