using System.Text.Json.Serialization;
using Ferry.Core.Spec;

namespace Ferry.Core.Bundles.Format1;

/// <summary>The manifest's `type`, with the strings format 1 writes.</summary>
internal enum ProblemTypeName
{
    [JsonStringEnumMemberName("binary-classification")]
    BinaryClassification,

    [JsonStringEnumMemberName("multiclass-classification")]
    MulticlassClassification,

    [JsonStringEnumMemberName("regression")]
    Regression,
}

internal static class ProblemTypeNames
{
    public static ProblemTypeName From(ProblemType type) => type switch
    {
        ProblemType.BinaryClassification => ProblemTypeName.BinaryClassification,
        ProblemType.MulticlassClassification => ProblemTypeName.MulticlassClassification,
        ProblemType.Regression => ProblemTypeName.Regression,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "a problem type bundle format 1 has no name for"),
    };

    public static ProblemType ToType(this ProblemTypeName name) => name switch
    {
        ProblemTypeName.BinaryClassification => ProblemType.BinaryClassification,
        ProblemTypeName.MulticlassClassification => ProblemType.MulticlassClassification,
        ProblemTypeName.Regression => ProblemType.Regression,
        _ => throw new InvalidDataException($"manifest type {(int)name} is not a problem type of bundle format 1"),
    };
}
