using Ferry.Core.Storage;

namespace Ferry.Core.Monitoring;

/// <summary>A stage a run reached, as POSTed to `monitor.webhook`: a one-line <see cref="Text"/> (what Slack shows) and the
/// run's latest step as fields.</summary>
/// <param name="Event">Always <c>run</c> (an alert's is <c>opened</c> or <c>resolved</c>).</param>
/// <param name="Text">The step in one line, with the dashboard link when its address is known.</param>
/// <param name="Model">The model retrained.</param>
/// <param name="Run">The run's number in the store.</param>
/// <param name="Trigger">What started it.</param>
/// <param name="Stage">The stage reached (<see cref="RunStages"/>).</param>
/// <param name="Open">True until the run reached a final stage.</param>
/// <param name="At">When.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Rows">The labelled rows the step was judged on.</param>
/// <param name="Champion">The champion version when the run started.</param>
/// <param name="Challenger">The version it trained, once there is one.</param>
/// <param name="ChampionScore">The champion's metric on those rows.</param>
/// <param name="ChallengerScore">The challenger's metric on the same rows.</param>
/// <param name="Test">The statistical test.</param>
/// <param name="Statistic">The test's statistic.</param>
/// <param name="PValue">The test's p-value.</param>
internal sealed record RunEvent(
    string Event,
    string Text,
    string Model,
    long Run,
    string Trigger,
    string Stage,
    bool Open,
    DateTimeOffset At,
    string Reason,
    int? Rows,
    int Champion,
    int? Challenger,
    double? ChampionScore,
    double? ChallengerScore,
    string? Test,
    double? Statistic,
    double? PValue)
{
    /// <summary>The run's latest step (a run without steps: its stage, with no evidence); its text ends with the link to
    /// <paramref name="dashboard"/> when there is one.</summary>
    public static RunEvent Of(RetrainRun run, Uri? dashboard)
    {
        var step = run.Steps.Count > 0 ? run.Steps[^1] : new RunStep(run.Stage, run.UpdatedAt, "");
        return new RunEvent("run", Line(run, step) + WebhookNotice.Link(dashboard), run.Model, run.Id, run.Trigger, step.Stage, run.IsOpen, step.At, step.Reason, step.Rows,
            run.Champion, run.Challenger, step.ChampionScore, step.ChallengerScore, step.Test, step.Statistic, step.PValue);
    }

    private static string Line(RetrainRun run, RunStep step)
    {
        var evidence = new List<string>();
        if (step.ChampionScore is { } champion)
        {
            evidence.Add($"champion v{run.Champion} {WebhookNumber.Text(champion)}");
        }

        if (step.ChallengerScore is { } challenger)
        {
            evidence.Add(run.Challenger is { } version ? $"challenger v{version} {WebhookNumber.Text(challenger)}" : $"challenger {WebhookNumber.Text(challenger)}");
        }

        if (step.Rows is { } rows)
        {
            evidence.Add($"{rows} rows");
        }

        if (step.PValue is { } p)
        {
            evidence.Add($"{step.Test ?? "test"} p = {WebhookNumber.Text(p)}");
        }

        return $"Ferry: {run.Model} run {run.Id} ({run.Trigger}) -> {step.Stage}"
            + (step.Reason.Length > 0 ? $": {step.Reason}" : "")
            + (evidence.Count > 0 ? $" ({string.Join(", ", evidence)})" : "");
    }
}
