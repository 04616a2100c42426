using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>What a retrain did: the challenger it trained on the training data plus the labelled production rows,
/// both models' success metric on the latest labelled rows (held out of the challenger's training), and the gate's
/// decision with its paired test.</summary>
/// <param name="Run">The run it was recorded as: its steps and lineage, its stage when the retrain ended.</param>
/// <param name="Training">The challenger's training run (registered, not promoted by it).</param>
/// <param name="Champion">The champion version before the run.</param>
/// <param name="ProductionRows">Labelled production rows added to the training data.</param>
/// <param name="HoldoutRows">The latest labelled production rows, held out to judge both models.</param>
/// <param name="Metric">The success metric.</param>
/// <param name="Decision">Promoted, rejected or waiting for labels: both scores on the held-out rows, the paired test and why.</param>
public sealed record RetrainOutcome(
    RetrainRun Run,
    TrainingOutcome Training,
    int Champion,
    int ProductionRows,
    int HoldoutRows,
    string Metric,
    PromotionDecision Decision)
{
    /// <summary>The champion's metric on the held-out rows.</summary>
    public double ChampionScore => Decision.ChampionScore ?? double.NaN;

    /// <summary>The challenger's metric on the same rows.</summary>
    public double ChallengerScore => Decision.Score;

    /// <summary>True when the challenger became champion.</summary>
    public bool Promoted => Decision.Promote;

    public string Reason => Decision.Reason;
}
