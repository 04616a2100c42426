namespace Ferry.Core.Training;

/// <summary>One class's calibration: a non-decreasing map from the model's probability of the class to a calibrated one.</summary>
public abstract record CalibrationMap
{
    public const string Platt = "platt";
    public const string Isotonic = "isotonic";

    public abstract string Method { get; }

    internal abstract double Map(double probability);
}
