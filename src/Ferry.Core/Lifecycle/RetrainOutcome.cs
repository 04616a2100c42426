namespace Ferry.Core.Lifecycle;

/// <summary>What `ferry retrain` did: the challenger it trained on the training data plus the labelled production rows,
/// both models' success metric on the latest labelled rows (held out of the challenger's training), and the verdict.</summary>
/// <param name="Training">The challenger's training run (registered, not promoted by it).</param>
/// <param name="Champion">The champion version before the run.</param>
/// <param name="ProductionRows">Labelled production rows added to the training data.</param>
/// <param name="HoldoutRows">The latest labelled production rows, held out to judge both models.</param>
/// <param name="Metric">The success metric.</param>
/// <param name="ChampionScore">The champion's metric on the held-out rows.</param>
/// <param name="ChallengerScore">The challenger's metric on the same rows.</param>
/// <param name="Promoted">True when the challenger became champion.</param>
/// <param name="Reason">Why it was or was not promoted.</param>
public sealed record RetrainOutcome(
    TrainingOutcome Training,
    int Champion,
    int ProductionRows,
    int HoldoutRows,
    string Metric,
    double ChampionScore,
    double ChallengerScore,
    bool Promoted,
    string Reason);
