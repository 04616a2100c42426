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
        CloseAbandoned(runs, model);
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

    /// <summary>The lease a run's trainer holds while it trains, renewed; lapsed, the trainer is gone.</summary>
    internal static string TrainingLease(long run) => $"run:{run}";

    /// <summary>Closes the model's open run as <c>failed</c> when it is at <c>retrain</c> and its trainer's lease lapsed
    /// (the process was killed): otherwise it would hold the model's one open run for ever.</summary>
    private void CloseAbandoned(IRunStore runs, string model)
    {
        var now = time.GetUtcNow();
        if (runs.OpenRun(model) is not { Stage: RunStages.Retrain } open || open.UpdatedAt > now - VersionLease.Duration)
        {
            return;
        }

        var probe = VersionLease.NewOwner();
        if (runs.HoldLease(TrainingLease(open.Id), probe, now, VersionLease.Duration))
        {
            runs.SaveRun(open.With(new RunStep(RunStages.Failed, now, $"abandoned: the process training it stopped (no word from it since {open.UpdatedAt:u})")));
            runs.ReleaseLease(TrainingLease(open.Id), probe);
        }
    }

    /// <summary>`ferry retrain`: the champion is challenged by a manual run.</summary>
    /// <exception cref="FerryException">No champion, a run already open, or the run failed (recorded as <c>failed</c> first).</exception>
    public RetrainOutcome Retrain(ProblemSpec spec, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var champion = ModelRegistry.Open(spec).Load(spec.Name, ModelRegistry.Champion);
        var runs = MonitoringStore.Open(spec);
        return Run(spec, runs, StartRun(runs, spec.Name, Manual, champion.Manifest.Version)!, champion, progress, _ => { }, cancellationToken);
    }

    /// <summary>Takes a started run through retrain and the gate, and on into the stages after it when the gate passes
    /// (shadow, canary, promoted, bake, as `retrain:` sets them); each stage change is saved and told to <paramref name="changed"/>.</summary>
    /// <exception cref="FerryException">The run failed (recorded as <c>failed</c> first, the champion still serving).</exception>
    internal RetrainOutcome Run(ProblemSpec spec, IRunStore runs, RetrainRun run, ModelBundle champion, IProgress<TrainingProgress>? progress,
        Action<RetrainRun> changed, CancellationToken cancellationToken)
    {
        changed(run);
        using var training = LeaseRenewal.Hold(runs, TrainingLease(run.Id), VersionLease.NewOwner(), VersionLease.Duration, time);
        try
        {
            return Judge(spec, runs, run, champion, progress, changed, cancellationToken);
        }
        catch (Exception error)
        {
            var current = runs.OpenRun(spec.Name) is { } open && open.Id == run.Id ? open : run;
            var failed = current.With(new RunStep(RunStages.Failed, time.GetUtcNow(), OneLineText.Of(error.Message)));
            runs.SaveRun(failed);
            changed(failed);
            throw;
        }
    }

    /// <summary>A run waiting for labels at the gate, judged again on the labelled rows its challenger was not trained on;
    /// passed, it moves on as after a first gate; still undecided on `retrain.min_labels` such rows, it is rejected, so
    /// two models too alike to tell apart do not hold the model's one open run for ever.</summary>
    internal RetrainRun Regate(ProblemSpec spec, IRunStore runs, RetrainRun run, Action<RetrainRun> changed, CancellationToken cancellationToken)
    {
        var registry = ModelRegistry.Open(spec);
        var champion = registry.Load(spec.Name, run.Champion);
        var (decision, rows) = new Retrainer(time).Regate(spec, champion, registry.Load(spec.Name, run.Challenger!.Value), run.Lineage, run.StartedAt, cancellationToken);
        if (decision.Verdict == PromotionVerdict.Wait && rows >= spec.Retrain.MinLabels)
        {
            decision = decision with
            {
                Verdict = PromotionVerdict.Reject,
                Reason = $"{decision.Reason}; still undecided on {rows} rows it was not trained on (retrain.min_labels: {spec.Retrain.MinLabels}), "
                    + "so the two differ too little to tell and it is not promoted",
            };
        }

        return decision.Verdict == PromotionVerdict.Wait && run.Steps[^1].Reason == decision.Reason ? run
            : After(spec, new RunMoves(registry, runs, time, changed), run, decision, rows, champion.Manifest.Version);
    }

    private RetrainOutcome Judge(ProblemSpec spec, IRunStore runs, RetrainRun run, ModelBundle champion, IProgress<TrainingProgress>? progress,
        Action<RetrainRun> changed, CancellationToken cancellationToken)
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
        var moves = new RunMoves(ModelRegistry.Open(spec), runs, time, changed);
        return outcome with { Run = After(spec, moves, run, decision, decision.Test?.Rows ?? outcome.HoldoutRows, champion.Manifest.Version) };
    }

    /// <summary>The gate's step, then the stages after it: waiting stays at the gate; rejected ends the run; passed moves on.</summary>
    private RetrainRun After(ProblemSpec spec, RunMoves moves, RetrainRun run, PromotionDecision decision, int rows, int champion)
    {
        run = moves.Save(run, new RunStep(RunStages.Gate, time.GetUtcNow(), decision.Reason, decision.Test?.Rows ?? rows, decision.ChampionScore,
            decision.Score, decision.Test?.Name, decision.Test?.Statistic, decision.Test?.PValue));
        return decision.Verdict switch
        {
            PromotionVerdict.Promote => moves.Passed(run, spec.Retrain),
            PromotionVerdict.Reject => moves.Save(run, new RunStep(RunStages.Rejected, time.GetUtcNow(), $"v{champion} stays champion")),
            _ => run,
        };
    }

    /// <summary>Where a version's data came from: the lineage of the run that trained it, or, for a version no run
    /// trained (`ferry train`), its manifest's data fingerprint and spec hash.</summary>
    public static (RunLineage Lineage, RetrainRun? Run) LineageOf(IRunStore runs, ModelManifest manifest) =>
        runs.Runs(manifest.Name, int.MaxValue).FirstOrDefault(run => run.Challenger == manifest.Version && run.Lineage is not null) is { } trained
            ? (trained.Lineage!, trained)
            : (new RunLineage(manifest.DataFingerprint, manifest.SpecHash, 0, null, null), null);
}
