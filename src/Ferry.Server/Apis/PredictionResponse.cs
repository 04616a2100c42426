using Ferry.Core.Prediction;

namespace Ferry.Server.Apis;

/// <summary>The answer of `POST /v1/models/{name}/predict`.</summary>
public sealed record PredictionResponse(string Model, int Version, IReadOnlyList<PredictionItem> Predictions);

/// <summary>One prediction; <c>id</c> is what feedback refers to. Regression gives <c>value</c>, classification <c>label</c> and <c>probabilities</c>;
/// <c>ignored</c> names the fields of the row that the model does not use.</summary>
public sealed record PredictionItem(
    string Id,
    string? Label,
    IReadOnlyDictionary<string, double>? Probabilities,
    double? Value,
    IReadOnlyList<string> Filled,
    IReadOnlyList<string> Unseen,
    IReadOnlyList<FeatureContribution> Explanation,
    IReadOnlyList<string> Ignored);
