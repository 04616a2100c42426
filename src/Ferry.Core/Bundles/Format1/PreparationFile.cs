using System.Text.Json.Serialization;
using Ferry.Core.Preparation;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `preparation` (<see cref="PreparationSummary"/>).</summary>
internal sealed record PreparationFile(
    [property: JsonPropertyName("rowsLoaded")] int RowsLoaded,
    [property: JsonPropertyName("missingTargetDropped")] int MissingTargetDropped,
    [property: JsonPropertyName("duplicatesDropped")] int DuplicatesDropped,
    [property: JsonPropertyName("undatedDropped")] int UndatedDropped,
    [property: JsonPropertyName("missingDropped")] int MissingDropped,
    [property: JsonPropertyName("outliersDropped")] int OutliersDropped,
    [property: JsonPropertyName("trainRows")] int TrainRows,
    [property: JsonPropertyName("testRows")] int TestRows)
{
    [JsonPropertyName("sampledOut")]
    public int SampledOut { get; init; }

    /// <summary>Absent when no column was left out, as in every manifest written before identifier columns were.</summary>
    [JsonPropertyName("identifierColumns")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? IdentifierColumns { get; init; }

    public static PreparationFile From(PreparationSummary summary) => new(
        summary.RowsLoaded, summary.MissingTargetDropped, summary.DuplicatesDropped, summary.UndatedDropped,
        summary.MissingDropped, summary.OutliersDropped, summary.TrainRows, summary.TestRows)
    {
        SampledOut = summary.SampledOut,
        IdentifierColumns = summary.IdentifierColumns.Count == 0 ? null : summary.IdentifierColumns,
    };

    public PreparationSummary ToSummary() => new(
        RowsLoaded, MissingTargetDropped, DuplicatesDropped, UndatedDropped, MissingDropped, OutliersDropped, TrainRows, TestRows)
    {
        SampledOut = SampledOut,
        IdentifierColumns = IdentifierColumns ?? [],
    };
}
