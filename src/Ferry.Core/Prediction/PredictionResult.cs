namespace Ferry.Core.Prediction;

/// <summary>One prediction: a class label with its probabilities, or a regression value; plus the
/// fields that were missing and filled, categories not seen in training, and the inputs that moved it most.</summary>
public sealed record PredictionResult(
    string? Label,
    IReadOnlyDictionary<string, double>? Probabilities,
    double? Value,
    IReadOnlyList<string> Filled,
    IReadOnlyList<string> Unseen,
    IReadOnlyList<FeatureContribution> Explanation)
{
    /// <summary>What is wrong with a row whose answer is not <see cref="IsFinite"/>, for the error message.</summary>
    public const string NotFinite = "the model's answer for this row is not finite: its inputs are too far outside what it was trained on";

    /// <summary>False when the answer (value, probabilities, contributions) is not finite: inputs far outside the training
    /// range can overflow a model, and such an answer is bad input, neither served nor logged.</summary>
    public bool IsFinite =>
        (Value is not { } value || double.IsFinite(value))
        && (Probabilities is null || Probabilities.Values.All(double.IsFinite))
        && Explanation.All(contribution => double.IsFinite(contribution.Contribution));

    /// <summary>The prediction's id, which feedback refers to; given when it is served.</summary>
    public string Id { get; init; } = "";
}
