namespace Ferry.Core.Training;

/// <summary>Platt scaling (Platt 1999) on the log-odds of the model's probability: sigmoid(slope * logit(p) + intercept),
/// so slope 1 and intercept 0 change nothing. p is clipped to [<see cref="Epsilon"/>, 1 - <see cref="Epsilon"/>] first: a
/// forest's exact 0 or 1 gets a finite log-odds.</summary>
public sealed record PlattMap(double Slope, double Intercept) : CalibrationMap
{
    public const double Epsilon = 1e-6;

    public override string Method => Platt;

    /// <summary>The log-odds Platt scaling is fitted and applied on.</summary>
    internal static double LogOdds(double probability)
    {
        var p = Math.Clamp(probability, Epsilon, 1 - Epsilon);
        return Math.Log(p / (1 - p));
    }

    internal override double Map(double probability) => 1 / (1 + Math.Exp(-(Slope * LogOdds(probability) + Intercept)));
}
