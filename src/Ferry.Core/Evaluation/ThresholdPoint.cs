namespace Ferry.Core.Evaluation;

/// <summary>Binary precision, recall and F1 of the positive class when it is answered above <paramref name="Threshold"/>.</summary>
internal sealed record ThresholdPoint(double Threshold, double Precision, double Recall, double F1);
