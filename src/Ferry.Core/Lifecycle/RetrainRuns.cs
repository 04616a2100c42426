using Ferry.Core.Bundles;
using Ferry.Core.Spec;
using Ferry.Core.Storage;
using Ferry.Core.Training;

namespace Ferry.Core.Lifecycle;

/// <summary>A retrain as a run of the retraining loop, whoever triggered it: the run starts (one open run per model across
/// the store), records each step as it happens (<c>retrain</c> with the challenger and its lineage, <c>gate</c> with both
/// scores and the paired test) and ends <c>promoted</c> (the challenger becomes champion) or <c>rejected</c>; when the gate
/// waits for labels the run stays open at <c>gate</c>, to be judged again; anything that throws ends it <c>failed</c> with
/// the error's message, the champion still serving.</summary>
public sealed class RetrainRuns(TimeProvider time)
{
    public const string Manual = "manual";

    /// <summary>Starts a run for <paramref name="trigger"/> unless the model has an open one. A manual run still waiting
    /// for labels at the gate is closed (rejected, superseded) by the next manual trigger, which retrains on the labels
    /// that arrived since: by hand nothing else would judge it again.</summary>
    /// <returns>The new run, or null when one is open and an automatic trigger joins it.</returns>
    /// <exception cref="FerryException">A <see cref="Manual"/> trigger while another run is open: it names the run.</exception>
    public RetrainRun? StartRun(IRunStore runs, string model, string trigger, int champion)
    {
        if (runs.StartRun(model, trigger, champion, time.GetUtcNow()) is { } run)
        {
            return run;
        }

        if (trigger == Manual && runs.OpenRun(model) is { Trigger: Manual, Stage: RunStages.Gate } waiting)
        {
            runs.SaveRun(waiting.With(new RunStep(RunStages.Rejected, time.GetUtcNow(),
                "superseded: still waiting for labels at the gate when `ferry retrain` started another run")));
            if (runs.StartRun(model, trigger, champion, time.GetUtcNow()) is { } next)
            {
                return next;
            }
        }

        if (trigger == Manual && runs.OpenRun(model) is { } open)
        {
            var reason = open.Steps.Count > 0 ? $": {open.Steps[^1].Reason}" : "";
            throw new FerryException($"model '{model}' has an open run {open.Id} (started {open.StartedAt:u} by {open.Trigger}, at {open.Stage}{reason}); "
                + "a second retrain does not start until it ends (see `ferry runs`)");
        }

        return null;
    }

    /// <summary>`ferry retrain`: the champion is challenged by a manual run.</summary>
    /// <exception cref="FerryException">No champion, a run already open, or the run failed (recorded as <c>failed</c> first).</exception>
    public RetrainOutcome Retrain(ProblemSpec spec, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var champion = ModelRegistry.Open(spec).Load(spec.Name, ModelRegistry.Champion);
        var runs = MonitoringStore.Open(spec);
        var run = StartRun(runs, spec.Name, Manual, champion.Manifest.Version)!;
        try
        {
            return Judge(spec, runs, run, champion, progress, cancellationToken);
        }
        catch (Exception error)
        {
            var current = runs.OpenRun(spec.Name) is { } open && open.Id == run.Id ? open : run;
            runs.SaveRun(current.With(new RunStep(RunStages.Failed, time.GetUtcNow(), OneLineText.Of(error.Message))));
            throw;
        }
    }

    private RetrainOutcome Judge(ProblemSpec spec, IRunStore runs, RetrainRun run, ModelBundle champion, IProgress<TrainingProgress>? progress,
        CancellationToken cancellationToken)
    {
        var outcome = new Retrainer(time).Run(spec, champion, progress, (training, lineage) =>
        {
            var manifest = training.Manifest;
            var started = run.Steps[^1];
            run = run with
            {
                Challenger = manifest.Version,
                Lineage = lineage,
                UpdatedAt = time.GetUtcNow(),
                Steps = [.. run.Steps.Take(run.Steps.Count - 1), started with
                {
                    Reason = $"{started.Reason}; trained v{manifest.Version} on {manifest.TrainRows} training rows, from the data plus {lineage.ProductionRows} labelled production rows",
                    Rows = manifest.TrainRows,
                }],
            };
            runs.SaveRun(run);
            return run;
        }, cancellationToken);

        var decision = outcome.Decision;
        run = run.With(new RunStep(RunStages.Gate, time.GetUtcNow(), decision.Reason, decision.Test?.Rows ?? outcome.HoldoutRows, decision.ChampionScore,
            decision.Score, decision.Test?.Name, decision.Test?.Statistic, decision.Test?.PValue));
        runs.SaveRun(run);
        if (decision.Verdict != PromotionVerdict.Wait)
        {
            if (decision.Promote)
            {
                ModelRegistry.Open(spec).SetChampion(spec.Name, outcome.Training.Manifest.Version, time.GetUtcNow());
            }

            run = run.With(new RunStep(decision.Promote ? RunStages.Promoted : RunStages.Rejected, time.GetUtcNow(),
                decision.Promote ? $"v{outcome.Training.Manifest.Version} is the champion" : $"v{champion.Manifest.Version} stays champion"));
            runs.SaveRun(run);
        }

        return outcome with { Run = run };
    }

    /// <summary>Where a version's data came from: the lineage of the run that trained it, or, for a version no run
    /// trained (`ferry train`), its manifest's data fingerprint and spec hash.</summary>
    public static (RunLineage Lineage, RetrainRun? Run) LineageOf(IRunStore runs, ModelManifest manifest) =>
        runs.Runs(manifest.Name, int.MaxValue).FirstOrDefault(run => run.Challenger == manifest.Version && run.Lineage is not null) is { } trained
            ? (trained.Lineage!, trained)
            : (new RunLineage(manifest.DataFingerprint, manifest.SpecHash, 0, null, null), null);
}
