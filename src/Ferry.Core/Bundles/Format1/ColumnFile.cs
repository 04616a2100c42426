using System.Text.Json.Serialization;
using Ferry.Core.Data;

namespace Ferry.Core.Bundles.Format1;

/// <summary>One of the manifest's `inputs`: a column a request must have.</summary>
internal sealed record ColumnFile(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] ColumnKindName Kind)
{
    public static ColumnFile From(ColumnInfo column) => new(column.Name, ColumnKindNames.From(column.Kind));

    public ColumnInfo ToColumn() => new(Name, Kind.ToKind());
}
