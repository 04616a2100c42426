namespace Ferry.Core.Storage;

/// <summary>One run of the retraining loop: what started it, the stage it is at, and every step it took.</summary>
/// <param name="Id">The run's number in the store.</param>
/// <param name="Model">The model retrained.</param>
/// <param name="Trigger">What started it: the alert rule, <c>schedule</c>, <c>new_data</c> or <c>manual</c>.</param>
/// <param name="Stage">Where it is (<see cref="RunStages"/>): open until promoted without a bake, baked, rejected, rolled back or failed.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="UpdatedAt">When its stage last changed.</param>
/// <param name="Champion">The champion version when it started.</param>
/// <param name="Challenger">The version it trained, once there is one.</param>
/// <param name="Steps">Every step so far, oldest first.</param>
/// <param name="Lineage">Where the challenger's data came from, once it was trained.</param>
public sealed record RetrainRun(
    long Id,
    string Model,
    string Trigger,
    string Stage,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    int Champion,
    int? Challenger,
    IReadOnlyList<RunStep> Steps,
    RunLineage? Lineage)
{
    /// <summary>True until the run reached a final stage.</summary>
    public bool IsOpen => !RunStages.IsFinal(Stage);

    /// <summary>The run moved to <paramref name="step"/>'s stage.</summary>
    public RetrainRun With(RunStep step) => this with { Stage = step.Stage, UpdatedAt = step.At, Steps = [.. Steps, step] };
}

/// <summary>One step of a run: the stage it reached, why, and the evidence it was decided on.</summary>
/// <param name="Stage">The stage reached (<see cref="RunStages"/>).</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Rows">The labelled rows the step was judged on.</param>
/// <param name="ChampionScore">The champion's metric on those rows.</param>
/// <param name="ChallengerScore">The challenger's metric on the same rows.</param>
/// <param name="Test">The statistical test (for example <c>mcnemar-exact</c>, <c>paired-bootstrap</c>).</param>
/// <param name="Statistic">The test's statistic.</param>
/// <param name="PValue">The test's p-value.</param>
public sealed record RunStep(
    string Stage,
    DateTimeOffset At,
    string Reason,
    int? Rows = null,
    double? ChampionScore = null,
    double? ChallengerScore = null,
    string? Test = null,
    double? Statistic = null,
    double? PValue = null);

/// <summary>Where a challenger's training data came from.</summary>
/// <param name="DataFingerprint">The fingerprint of the table it was trained on.</param>
/// <param name="SpecHash">The hash of the spec it was trained by.</param>
/// <param name="ProductionRows">Labelled production rows added to the training data.</param>
/// <param name="FirstProductionId">The oldest of those rows' prediction ids.</param>
/// <param name="LastProductionId">The newest.</param>
public sealed record RunLineage(string DataFingerprint, string SpecHash, int ProductionRows, string? FirstProductionId, string? LastProductionId);
