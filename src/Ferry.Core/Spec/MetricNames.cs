namespace Ferry.Core.Spec;

/// <summary>Metric names usable as a success metric or a search scoring, per problem type.</summary>
internal static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string F1 = "f1";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string RocAuc = "roc_auc";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";

    public static IReadOnlyList<string> For(ProblemType type) => type.IsClassification()
        ? [Accuracy, F1, Precision, Recall, RocAuc]
        : [Rmse, Mae, R2];

    public static string DefaultFor(ProblemType type) => type.IsClassification() ? Accuracy : Rmse;

    /// <summary>True when a larger value of the metric is better.</summary>
    public static bool HigherIsBetter(string metric) => metric is not (Rmse or Mae);

    /// <summary>True when <paramref name="score"/> is strictly better than <paramref name="than"/> (never for NaN).</summary>
    public static bool Beats(string metric, double score, double than) => HigherIsBetter(metric) ? score > than : score < than;

    /// <summary>A key that orders scores of the metric best first when ascending, NaN last.</summary>
    public static double BestFirst(string metric, double score) => double.IsNaN(score) ? double.MaxValue : HigherIsBetter(metric) ? -score : score;
}
