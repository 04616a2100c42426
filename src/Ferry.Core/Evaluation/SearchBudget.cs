using Ferry.Core.Spec;

namespace Ferry.Core.Evaluation;

/// <summary>The default `train.budget`: a minute up to <see cref="BaseRows"/> training rows (enough on two cores for every
/// family's default and a few dozen drawn settings, five folds each), then growing in proportion to the rows, at most
/// <see cref="Cap"/>.</summary>
internal static class SearchBudget
{
    public const int BaseRows = 10_000;

    public static TimeSpan Base { get; } = TimeSpan.FromSeconds(60);

    public static TimeSpan Cap { get; } = TimeSpan.FromMinutes(15);

    public static TimeSpan For(ProblemSpec spec, int trainRows) => spec.Budget ?? Default(trainRows);

    public static TimeSpan Default(int trainRows) =>
        trainRows <= BaseRows ? Base : TimeSpan.FromSeconds(Math.Min(Cap.TotalSeconds, Base.TotalSeconds * trainRows / BaseRows));
}
