using System.Text.Json.Serialization;
using Ferry.Core.Features;

namespace Ferry.Core.Bundles.Format1;

/// <summary>A feature's `encoding`, with the strings format 1 writes.</summary>
internal enum EncodingName
{
    [JsonStringEnumMemberName("number")]
    Number,

    [JsonStringEnumMemberName("one-hot")]
    OneHot,

    [JsonStringEnumMemberName("ordinal")]
    Ordinal,

    [JsonStringEnumMemberName("date-parts")]
    DateParts,

    [JsonStringEnumMemberName("bins")]
    Bins,
}

internal static class EncodingNames
{
    public static EncodingName From(FeatureEncoding encoding) => encoding switch
    {
        FeatureEncoding.Number => EncodingName.Number,
        FeatureEncoding.OneHot => EncodingName.OneHot,
        FeatureEncoding.Ordinal => EncodingName.Ordinal,
        FeatureEncoding.DateParts => EncodingName.DateParts,
        FeatureEncoding.Bins => EncodingName.Bins,
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "a feature encoding bundle format 1 has no name for"),
    };

    public static FeatureEncoding ToEncoding(this EncodingName name) => name switch
    {
        EncodingName.Number => FeatureEncoding.Number,
        EncodingName.OneHot => FeatureEncoding.OneHot,
        EncodingName.Ordinal => FeatureEncoding.Ordinal,
        EncodingName.DateParts => FeatureEncoding.DateParts,
        EncodingName.Bins => FeatureEncoding.Bins,
        _ => throw new InvalidDataException($"encoding {(int)name} is not a feature encoding of bundle format 1"),
    };
}
