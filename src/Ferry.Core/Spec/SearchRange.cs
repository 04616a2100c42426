namespace Ferry.Core.Spec;

/// <summary>The range a hyperparameter is drawn from by the default search: log-uniform for rates, regularization and
/// sizes (as scikit-learn's loguniform), uniform for fractions; an integer parameter is rounded after the draw.</summary>
/// <param name="Low">The smallest value drawn.</param>
/// <param name="High">The largest value drawn.</param>
/// <param name="Log">True to draw the logarithm uniformly.</param>
internal sealed record SearchRange(double Low, double High, bool Log)
{
    public double Draw(Random random)
    {
        var u = random.NextDouble();
        return Log ? Math.Exp(Math.Log(Low) + (u * (Math.Log(High) - Math.Log(Low)))) : Low + (u * (High - Low));
    }
}
