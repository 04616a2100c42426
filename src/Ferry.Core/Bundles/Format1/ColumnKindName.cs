using System.Text.Json.Serialization;
using Ferry.Core.Data;

namespace Ferry.Core.Bundles.Format1;

/// <summary>A column's `kind`, in the inputs and the features, with the strings format 1 writes.</summary>
internal enum ColumnKindName
{
    [JsonStringEnumMemberName("number")]
    Number,

    [JsonStringEnumMemberName("category")]
    Category,

    [JsonStringEnumMemberName("boolean")]
    Boolean,

    [JsonStringEnumMemberName("date")]
    Date,
}

internal static class ColumnKindNames
{
    public static ColumnKindName From(ColumnKind kind) => kind switch
    {
        ColumnKind.Number => ColumnKindName.Number,
        ColumnKind.Category => ColumnKindName.Category,
        ColumnKind.Boolean => ColumnKindName.Boolean,
        ColumnKind.Date => ColumnKindName.Date,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "a column kind bundle format 1 has no name for"),
    };

    public static ColumnKind ToKind(this ColumnKindName name) => name switch
    {
        ColumnKindName.Number => ColumnKind.Number,
        ColumnKindName.Category => ColumnKind.Category,
        ColumnKindName.Boolean => ColumnKind.Boolean,
        ColumnKindName.Date => ColumnKind.Date,
        _ => throw new InvalidDataException($"column kind {(int)name} is not a column kind of bundle format 1"),
    };
}
