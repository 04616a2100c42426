namespace Ferry.Core.Spec;

/// <summary>`train.search`: how hyperparameters are searched and candidates cross-validated.</summary>
/// <param name="Kind">grid (every combination), random (<paramref name="Iterations"/> of them, seeded) or halving (every
/// family's default, then <paramref name="Iterations"/> seeded draws per family from its search ranges, successive
/// halving over rows, within `train.budget`): the default when `train.candidates` is absent or `train.budget` is set.</param>
/// <param name="Folds">k of k-fold cross-validation; null for the default (5, fewer when a class is smaller).</param>
/// <param name="LeaveOneOut">Leave-one-out cross-validation instead of k folds.</param>
/// <param name="Scoring">The metric candidates are ranked by; null for the success metric.</param>
/// <param name="Iterations">n_iter of a random search; of a halving search, the settings drawn per family.</param>
/// <param name="Params">Candidate -> parameter -> the values to try.</param>
public sealed record SearchSpec(
    string Kind,
    int? Folds,
    bool LeaveOneOut,
    string? Scoring,
    int Iterations,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, IReadOnlyList<double>>> Params)
{
    public const string Grid = "grid";
    public const string Random = "random";
    public const string Halving = "halving";

    /// <summary>n_iter of a halving search unless the spec sets it: 27 = 3^3 draws, so three rungs of eta 3 end in one.</summary>
    public const int HalvingIterations = 27;

    public static IReadOnlyList<string> Kinds { get; } = [Grid, Random, Halving];

    /// <summary>The search of a spec that names its candidates and no budget: the grid of their listed values.</summary>
    public static SearchSpec Default { get; } = new(Grid, null, false, null, 10, new Dictionary<string, IReadOnlyDictionary<string, IReadOnlyList<double>>>());

    /// <summary>The search of a spec that names no candidates, or sets a budget: halving within the budget.</summary>
    public static SearchSpec DefaultHalving { get; } = Default with { Kind = Halving, Iterations = HalvingIterations };
}
