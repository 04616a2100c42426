namespace Ferry.Core.Evaluation;

/// <summary>One bin of a reliability curve: the rows whose probability fell in (<paramref name="Low"/>,
/// <paramref name="High"/>] (the first bin includes 0), their mean probability and how often they were right.</summary>
internal sealed record ReliabilityBin(double Low, double High, double MeanPredicted, double Observed, int Count);
