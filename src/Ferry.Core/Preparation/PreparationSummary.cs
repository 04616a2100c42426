namespace Ferry.Core.Preparation;

/// <summary>What preparation did to the rows, for the terminal, the manifest and the report.</summary>
public sealed record PreparationSummary(
    int RowsLoaded,
    int MissingTargetDropped,
    int DuplicatesDropped,
    int UndatedDropped,
    int MissingDropped,
    int OutliersDropped,
    int TrainRows,
    int TestRows)
{
    /// <summary>Why a column is in <see cref="IdentifierColumns"/>, for the terminal and the report.</summary>
    public const string IdentifierReason = "nearly every value is distinct (an identifier or free text): one-hot slots of it cannot generalize";

    /// <summary>Training rows left out of fitting by train.max_rows (a seeded sample of TrainRows was fitted on).</summary>
    public int SampledOut { get; init; }

    /// <summary>Category columns left out of the inputs because nearly every value is distinct (identifiers).</summary>
    public IReadOnlyList<string> IdentifierColumns { get; init; } = [];
}
