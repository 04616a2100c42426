namespace Ferry.Core.Prediction;

/// <summary>How much one input moved a prediction: the predicted class's probability (or the regression
/// value) minus what it becomes when that input is replaced by its training fill value.</summary>
public sealed record FeatureContribution(string Feature, double Contribution);
