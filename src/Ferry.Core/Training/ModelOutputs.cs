namespace Ferry.Core.Training;

/// <summary>Output of a regression model.</summary>
internal sealed class ScalarOutput
{
    public float Score { get; set; }
}

/// <summary>Output of a binary classifier: the calibrated probability of the positive class.</summary>
internal sealed class BinaryOutput
{
    public float Probability { get; set; }
}

/// <summary>Output of a multiclass classifier: one score per class, in class-key order.</summary>
internal sealed class VectorOutput
{
    public float[] Score { get; set; } = [];
}
