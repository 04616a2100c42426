namespace Ferry.Core.Spec;

/// <summary>The problem statement read from ferry.yaml.</summary>
public sealed record ProblemSpec
{
    public required string Name { get; init; }

    public string? Objective { get; init; }

    public required ProblemType Type { get; init; }

    /// <summary>The data source as written in the spec.</summary>
    public required DataSpec Data { get; init; }

    public required string Target { get; init; }

    public required SuccessMetric SuccessMetric { get; init; }

    public required SplitSpec Split { get; init; }

    public Constraints Constraints { get; init; } = Constraints.Default;

    public PrepareSpec Prepare { get; init; } = PrepareSpec.Default;

    public FeatureSpec Features { get; init; } = FeatureSpec.Default;

    public required IReadOnlyList<string> Candidates { get; init; }

    /// <summary>True when `train.candidates` names them; false for the default families, which the default search
    /// narrows to the data (<see cref="CandidateNames.Suiting"/>).</summary>
    public bool CandidatesNamed { get; init; } = true;

    /// <summary>`train.budget`: the wall time of the whole `ferry train` under the halving search; null for the default
    /// chosen from the training rows.</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>The longest `train.budget` allowed.</summary>
    public static TimeSpan MaxBudget { get; } = TimeSpan.FromHours(24);

    public SearchSpec Search { get; init; } = SearchSpec.Default;

    /// <summary>train.max_rows: the most training rows candidates are fitted on (a seeded sample beyond it); null: all.</summary>
    public int? MaxTrainRows { get; init; } = DefaultMaxTrainRows;

    public const int DefaultMaxTrainRows = 1_000_000;

    /// <summary>train.ensemble: false keeps the best single setting even when an ensemble of settings beats it in CV.</summary>
    public bool Ensemble { get; init; } = true;

    public MonitorSpec Monitor { get; init; } = MonitorSpec.Default;

    /// <summary>`retrain:`; <see cref="RetrainSpec.ByHand"/> when the spec has none.</summary>
    public RetrainSpec Retrain { get; init; } = RetrainSpec.ByHand;

    /// <summary>The alert rules in force: `monitor.alerts`, or the defaults derived from the spec.</summary>
    public IReadOnlyList<AlertRule> AlertRules => Monitor.Alerts ?? Spec.AlertRules.Defaults(Monitor, SuccessMetric, Constraints);

    /// <summary>The metric candidates are ranked by: train.search.scoring, else the success metric.</summary>
    public string Scoring => Search.Scoring ?? SuccessMetric.Name;

    /// <summary>The full path of the spec file.</summary>
    public required string SpecPath { get; init; }

    /// <summary>The store directory (`.ferry/` beside the spec unless `store:` names another): the SQLite store, bundles
    /// and reports; with a PostgreSQL store, this machine's copies of the bundles and its reports.</summary>
    public required string StoreDirectory { get; init; }

    /// <summary>The PostgreSQL store (`store: postgres://...`) shared by servers and CLIs on any machine, or null for SQLite.</summary>
    public string? StoreUrl { get; init; }

    /// <summary>SHA-256 of the spec file's text, recorded with every version trained from it.</summary>
    public required string SpecHash { get; init; }

    public string SpecDirectory => Path.GetDirectoryName(SpecPath)!;
}
