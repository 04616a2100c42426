using Ferry.Core.Data;

namespace Ferry.Core.Training;

/// <summary>The one rule that turns class probabilities into a class: a binary model answers its positive class when
/// that class's probability is above the model's threshold (0.5 unless tuned, which is exactly the more probable class),
/// a multiclass model its most probable class (the first of equal ones).</summary>
internal static class Decision
{
    public const double DefaultThreshold = 0.5;

    public static int Class(double[] probabilities, double threshold) => probabilities.Length == 2
        ? probabilities[1] > threshold ? 1 : 0
        : Statistics.ArgMax(probabilities);
}
