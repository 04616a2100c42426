namespace Ferry.Core.Preparation;

/// <summary>Row indices of the training part and the held-out test part.</summary>
internal sealed record TrainTestSplit(int[] Train, int[] Test);
