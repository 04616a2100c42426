using Ferry.Core.Spec;

namespace Ferry.Core.Training;

/// <summary>Balanced class weights, as scikit-learn's class_weight='balanced': each class weighs rows / (classes × its
/// rows), so every class counts as much in the fit. Used when the rarest class is under <see cref="MinorityShare"/> of
/// the rows and the success metric rewards finding it (every classification metric but accuracy, which counts a
/// majority row won as much as a minority one and is lowered by weighting).</summary>
internal static class ClassWeights
{
    public const double MinorityShare = 0.2;

    /// <summary>One weight per class index, or null when the rows are not weighted.</summary>
    public static double[]? Balanced(TrainingData data, IReadOnlyList<int> rows)
    {
        if (!data.Type.IsClassification() || data.Spec.SuccessMetric.Name == MetricNames.Accuracy || rows.Count == 0)
        {
            return null;
        }

        var counts = new int[data.Target.Classes.Length];
        foreach (var row in rows)
        {
            counts[data.Target.ClassIndex[row]]++;
        }

        var present = counts.Count(count => count > 0);
        return counts.Where(count => count > 0).Min() >= MinorityShare * rows.Count
            ? null
            : [.. counts.Select(count => count == 0 ? 0 : (double)rows.Count / (present * count))];
    }
}
