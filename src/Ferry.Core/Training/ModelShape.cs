using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>What a stored model may need to be read back: the problem type, the feature vector's length, the class count.</summary>
internal readonly record struct ModelShape(ProblemType Type, int SlotCount, int ClassCount);
