using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>The moves of a run from stage to stage, each saved as a step with its evidence and told to
/// <paramref name="changed"/> (the webhook), with the registry's aliases moved to match: in shadow the challenger alias
/// names the run's challenger; in canary the canary alias too; promoted, the champion alias moves to it; in the bake the
/// previous champion is the challenger (scoring in shadow); stopped, rolled back or baked, the aliases the run set are
/// cleared. The server follows the aliases, so every replica serves what the run says.</summary>
internal sealed class RunMoves(ModelRegistry registry, IRunStore runs, TimeProvider time, Action<RetrainRun> changed)
{
    /// <summary>The gate passed: into shadow, or the canary, or promoted, as the run's `retrain:` sets them.</summary>
    public RetrainRun Passed(RetrainRun run, RetrainSpec retrain)
    {
        var challenger = run.Challenger!.Value;
        if (retrain.Shadow <= 0)
        {
            return ShadowDone(run, retrain, null);
        }

        registry.Challenge(run.Model, challenger, time.GetUtcNow());
        return Save(run, new RunStep(RunStages.Shadow, time.GetUtcNow(),
            $"v{challenger} scores every request in shadow until {retrain.Shadow} of them are labelled; it answers no one yet"));
    }

    /// <summary>The shadow ended well (or was skipped): into the canary, or promoted.</summary>
    public RetrainRun ShadowDone(RetrainRun run, RetrainSpec retrain, LiveVerdict? verdict)
    {
        var challenger = run.Challenger!.Value;
        var evidence = verdict is null ? "" : $"in shadow {verdict.Reason}; ";
        if (retrain.Canary.Rows <= 0 || retrain.Canary.Share <= 0)
        {
            return Promote(run, retrain, verdict, evidence);
        }

        var now = time.GetUtcNow();
        registry.Challenge(run.Model, challenger, now);
        registry.SetCanary(run.Model, challenger, now);
        return Save(run, Step(RunStages.Canary, $"{evidence}v{challenger} answers {retrain.Canary.Share:P0} of requests until {retrain.Canary.Rows} of its answers are labelled",
            verdict));
    }

    /// <summary>The challenger becomes champion; with a bake, the previous champion scores in shadow beside it (when it
    /// cannot, the run ends promoted and says why: failing it then would tell of a champion that stays while the new one serves).</summary>
    public RetrainRun Promote(RetrainRun run, RetrainSpec retrain, LiveVerdict? verdict, string evidence)
    {
        var (challenger, previous) = (run.Challenger!.Value, run.Champion);
        var now = time.GetUtcNow();
        registry.EndCanary(run.Model);
        registry.SetChampion(run.Model, challenger, now);
        if (retrain.Bake <= 0)
        {
            return Save(run, Step(RunStages.Promoted, $"{evidence}v{challenger} is the champion", verdict));
        }

        try
        {
            registry.Challenge(run.Model, previous, now);
        }
        catch (FerryException error)
        {
            return Save(run, Step(RunStages.Promoted, $"{evidence}v{challenger} is the champion; no bake: {OneLineText.Of(error.Message)}", verdict));
        }

        // Promoted and the bake are saved as one write: promoted alone is a final stage, and the store would show the run
        // closed (to the API, to another server's trigger) until the bake step followed.
        var promoted = run.With(Step(RunStages.Promoted, $"{evidence}v{challenger} is the champion", verdict));
        var baking = promoted.With(new RunStep(RunStages.Bake, time.GetUtcNow(),
            $"v{previous} scores in shadow beside v{challenger} for {retrain.Bake} labelled rows; a significant regression puts v{previous} back"));
        runs.SaveRun(baking);
        changed(promoted);
        changed(baking);
        return baking;
    }

    /// <summary>The challenger is stopped (rejected): all traffic back to the champion, the shadow the run set ended (in
    /// the bake the previous champion's).</summary>
    public RetrainRun Stop(RetrainRun run, string reason, LiveVerdict? verdict)
    {
        EndContenders(run);
        return Save(run, Step(RunStages.Rejected, reason, verdict));
    }

    /// <summary>The run could not move on (a bundle or the data source gone): it ends <c>failed</c> with the aliases it set
    /// cleared, whoever is champion serving on.</summary>
    public RetrainRun Fail(RetrainRun run, string reason)
    {
        EndContenders(run);
        return Save(run, Step(RunStages.Failed, reason, null));
    }

    /// <summary>The new champion regressed in its bake: the previous champion is put back.</summary>
    public RetrainRun RollBack(RetrainRun run, LiveVerdict verdict)
    {
        registry.SetChampion(run.Model, run.Champion, time.GetUtcNow());
        registry.EndChallenge(run.Model);
        return Save(run, Step(RunStages.RolledBack, $"v{run.Challenger} {verdict.Reason} beside v{run.Champion}: v{run.Champion} is the champion again", verdict));
    }

    /// <summary>The bake ended without a regression: the previous champion stops scoring in shadow.</summary>
    public RetrainRun Baked(RetrainRun run, LiveVerdict verdict)
    {
        if (registry.Alias(run.Model, ModelRegistry.Challenger) == run.Champion)
        {
            registry.EndChallenge(run.Model);
        }

        return Save(run, Step(RunStages.Baked, $"v{run.Challenger} {verdict.Reason} beside v{run.Champion}: baked", verdict));
    }

    /// <summary>Ends the canary and the shadow the run set (in the bake the previous champion's).</summary>
    private void EndContenders(RetrainRun run)
    {
        registry.EndCanary(run.Model);
        if (registry.Alias(run.Model, ModelRegistry.Challenger) == (run.Stage == RunStages.Bake ? run.Champion : run.Challenger))
        {
            registry.EndChallenge(run.Model);
        }
    }

    /// <summary>Saves the run moved to <paramref name="step"/> and tells of it.</summary>
    public RetrainRun Save(RetrainRun run, RunStep step)
    {
        run = run.With(step);
        runs.SaveRun(run);
        changed(run);
        return run;
    }

    private RunStep Step(string stage, string reason, LiveVerdict? verdict) =>
        new(stage, time.GetUtcNow(), reason, verdict?.Rows, verdict?.ChampionScore, verdict?.ChallengerScore, verdict?.Test?.Name, verdict?.Test?.Statistic,
            verdict?.Test?.PValue);
}
