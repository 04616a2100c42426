using Ferry.Core.Data;
using Ferry.Core.Prediction;

namespace Ferry.Core.Storage;

/// <summary>One served prediction on its way to the log: the request row as parsed and the answer.</summary>
/// <param name="Id">The id the answer carried; feedback refers to it.</param>
/// <param name="Model">The model name.</param>
/// <param name="Version">The version that answered.</param>
/// <param name="At">When it was answered.</param>
/// <param name="LatencyMs">The request's prediction time divided among its rows.</param>
/// <param name="Inputs">The model's input schema.</param>
/// <param name="Row">The parsed input row.</param>
/// <param name="Result">The answer.</param>
public sealed record PredictionRecord(string Id, string Model, int Version, DateTimeOffset At, double LatencyMs, IReadOnlyList<ColumnInfo> Inputs, InputRow Row, PredictionResult Result)
{
    /// <summary>What <see cref="ShadowId"/> appends to the id of the row answered.</summary>
    public const string ShadowSuffix = "~shadow";

    /// <summary>The id under which the challenger's shadow answer to the request row <paramref name="id"/> is logged;
    /// the feedback for <paramref name="id"/> is its ground truth too.</summary>
    public static string ShadowId(string id) => id + ShadowSuffix;


    /// <summary>The probability of the predicted class, or null for regression.</summary>
    public double? Confidence => Result.Label is { } label && Result.Probabilities is { } probabilities ? probabilities[label] : null;
}
