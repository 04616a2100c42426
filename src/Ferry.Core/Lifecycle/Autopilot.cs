using System.Data.Common;
using Ferry.Core.Monitoring;
using Ferry.Core.Spec;
using Ferry.Core.Storage;

namespace Ferry.Core.Lifecycle;

/// <summary>The retraining loop of one served model, one check at a time (the server runs a check after each monitor
/// judgement): an open run moves on when its evidence says so (a waiting gate is judged again, the shadow, the canary
/// and the bake are judged on the labelled live rows both versions answered), and with no open run a trigger starts one:
/// an open alert whose rule is in `retrain.on`, or `retrain.every` elapsed since the last run (or since the champion was
/// registered). A run starts only with `retrain.min_labels` labelled production rows logged since the later of the champion's
/// registration and the last run's end (a run rejected after its canary does not start again on the labels it was judged on), fewer
/// than `retrain.max_per_day` runs in the last day, and feedback that may steer what is learned.</summary>
public sealed class Autopilot(TimeProvider time)
{
    public const string Schedule = "schedule";

    /// <summary>One check of <paramref name="model"/>.</summary>
    /// <param name="model">The served model (its spec file is read for a retrain).</param>
    /// <param name="registry">Its registry.</param>
    /// <param name="store">Its prediction log, feedback and alerts.</param>
    /// <param name="runs">Its runs.</param>
    /// <param name="trusted">Whether feedback may steer what is learned: false, no run starts by itself.</param>
    /// <param name="holder">Who checks (one server): of all the servers of a store, only the holder of the model's
    /// autopilot lease checks at a time.</param>
    /// <param name="lease">How long the lease holds without a renewal.</param>
    /// <param name="changed">Told each stage change of a run (the webhook).</param>
    /// <param name="cancellationToken">Stops a retrain.</param>
    /// <returns>True when a run started or moved (the aliases may have moved).</returns>
    public bool Check(ServedModel model, ModelRegistry registry, IMonitoringStore store, IRunStore runs, bool trusted, string holder, TimeSpan lease,
        Action<RetrainRun> changed, CancellationToken cancellationToken)
    {
        if (model.SpecPath is not { } path)
        {
            return false;
        }

        using var held = LeaseRenewal.Hold(runs, $"autopilot:{model.Name}", holder, lease, time);
        if (held is null)
        {
            return false;
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, held.Lost);
        cancellationToken = stop.Token;
        var spec = SpecLoader.Load(path);
        if (runs.OpenRun(model.Name) is { } open)
        {
            try
            {
                return Advance(spec, registry, store, runs, open, trusted, changed, cancellationToken).Steps.Count != open.Steps.Count;
            }
            catch (Exception error) when (error is not (OperationCanceledException or DbException))
            {
                // A run that cannot move on (its challenger's bundle or the data source gone) would fail at every check for
                // ever: it ends failed instead. A store out of reach is tried again at the next check.
                if (runs.OpenRun(model.Name) is { } current && current.Id == open.Id)
                {
                    new RunMoves(registry, runs, time, changed).Fail(current, OneLineText.Of(error.Message));
                }

                return true;
            }
        }

        if (!trusted || !spec.Retrain.StartsByItself || Trigger(spec, registry, store, runs) is not { } trigger)
        {
            return false;
        }

        var champion = registry.Load(spec.Name, ModelRegistry.Champion);
        if (new RetrainRuns(time).StartRun(runs, spec.Name, trigger, champion.Manifest.Version) is not { } run)
        {
            return false;
        }

        try
        {
            new RetrainRuns(time).Run(spec, runs, run, champion, null, changed, cancellationToken);
        }
        catch (FerryException)
        {
            // Recorded as the run's failed step, which the webhook and the log are told of; the champion serves on.
        }

        return true;
    }

    /// <summary>What starts a run now, or null: an open alert of `retrain.on`, else the schedule; with enough labels and
    /// within the day's bound.</summary>
    private string? Trigger(ProblemSpec spec, ModelRegistry registry, IMonitoringStore store, IRunStore runs)
    {
        var retrain = spec.Retrain;
        var now = time.GetUtcNow();
        var champion = registry.Find(spec.Name, registry.Alias(spec.Name, ModelRegistry.Champion) ?? 0);
        var last = runs.Runs(spec.Name, 1) is [{ } latest] ? latest : null;
        var since = last is not null && last.StartedAt > champion.CreatedAt ? last.StartedAt : champion.CreatedAt;
        var labelledSince = last is not null && last.UpdatedAt > champion.CreatedAt ? last.UpdatedAt : champion.CreatedAt;
        var trigger = store.Alerts(spec.Name, ModelMonitor.AlertsShown).FirstOrDefault(alert => alert.ResolvedAt is null && retrain.On.Contains(alert.Rule))?.Rule
            ?? (retrain.Every is { } every && now - since >= every ? Schedule : null);
        if (trigger is null || runs.RunsSince(spec.Name, now - TimeSpan.FromDays(1)) >= retrain.MaxPerDay)
        {
            return null;
        }

        var labelled = registry.Versions(spec.Name).Sum(version => store.Labelled(spec.Name, version.Version, retrain.MinLabels).Count(row => row.At >= labelledSince));
        return labelled >= retrain.MinLabels ? trigger : null;
    }

    /// <summary>Moves the open run on; a manual run waiting at the gate is judged again only when feedback may steer
    /// what is learned (as `ferry retrain` would judge it on those labels), else it waits for the next `ferry retrain`.</summary>
    private RetrainRun Advance(ProblemSpec spec, ModelRegistry registry, IMonitoringStore store, IRunStore runs, RetrainRun run, bool trusted,
        Action<RetrainRun> changed, CancellationToken cancellationToken)
    {
        var moves = new RunMoves(registry, runs, time, changed);
        var retrain = spec.Retrain;
        var champion = registry.Alias(spec.Name, ModelRegistry.Champion);
        var expected = run.Stage == RunStages.Bake ? run.Challenger : run.Champion;
        if (run.Stage is RunStages.Shadow or RunStages.Canary && champion == run.Challenger)
        {
            // A promotion cut off after the alias moved (or made by hand): the run ends as the aliases already say.
            return moves.Promote(run, retrain, null, $"the champion alias already names v{champion}: ");
        }

        if (run.Stage is RunStages.Shadow or RunStages.Canary or RunStages.Bake && champion != expected)
        {
            return moves.Stop(run, $"the champion was changed to v{champion} outside the run, which expected v{expected}", null);
        }

        switch (run.Stage)
        {
            case RunStages.Gate when run.Trigger != RetrainRuns.Manual || trusted:
                return new RetrainRuns(time).Regate(spec, runs, run, changed, cancellationToken);
            case RunStages.Shadow:
                {
                    var (verdict, live) = Judge(spec, registry, store, run, run.Champion, run.Challenger!.Value, retrain.Shadow, answersClients: false);
                    return Silent(live, run, verdict, retrain.Shadow) is { } silent ? moves.Stop(run, silent, verdict) : verdict.Outcome switch
                    {
                        LiveOutcome.Worse => moves.Stop(run, $"stopped in shadow: v{run.Challenger} {verdict.Reason}", verdict),
                        LiveOutcome.Ready => moves.ShadowDone(run, retrain, verdict),
                        _ => run,
                    };
                }

            case RunStages.Canary:
                {
                    var (verdict, live) = Judge(spec, registry, store, run, run.Champion, run.Challenger!.Value, retrain.Canary.Rows, answersClients: true);
                    var answered = live.Labelled(run.Challenger!.Value);
                    return Silent(live, run, verdict, retrain.Canary.Rows) is { } silent ? moves.Stop(run, silent, verdict)
                        : verdict.Outcome == LiveOutcome.Worse ? moves.Stop(run, $"canary stopped, all traffic back to v{run.Champion}: v{run.Challenger} {verdict.Reason}", verdict)
                        : answered >= retrain.Canary.Rows ? moves.Promote(run, retrain, verdict, $"in canary {answered} of its answers labelled, {verdict.Reason}; ")
                        : run;
                }

            case RunStages.Bake:
                {
                    var (verdict, _) = Judge(spec, registry, store, run, run.Champion, run.Challenger!.Value, retrain.Bake, answersClients: true);
                    return verdict.Outcome switch
                    {
                        LiveOutcome.Worse => moves.RollBack(run, verdict),
                        LiveOutcome.Ready => moves.Baked(run, verdict),
                        _ => run,
                    };
                }

            default:
                return run;
        }
    }

    /// <summary>Why the run's challenger is stopped when it scored none of the labelled rows the champion answered since its
    /// shadow or canary began, after as many as the stage needs (in both it scores every champion row in shadow): no server
    /// loads it (a bundle that fails to load is refused and logged), and the run would wait for its rows for ever. Null while
    /// it scores, or while too few rows are labelled to tell.</summary>
    private static string? Silent(LivePairs live, RetrainRun run, LiveVerdict verdict, int rowsNeeded)
    {
        var step = run.Steps[^1];
        var labelled = verdict.Rows == 0 ? live.Labelled(run.Champion) : 0;
        return labelled > 0 && labelled >= rowsNeeded
            ? $"stopped in {step.Stage}: v{run.Challenger} scored none of the {labelled} labelled rows v{run.Champion} answered since the stage began (no server loads it: see their logs)"
            : null;
    }

    /// <summary>The challenger side against the champion side on the rows both answered since the stage began, and those
    /// rows as read (once) for the stage's other questions.</summary>
    private (LiveVerdict Verdict, LivePairs Live) Judge(ProblemSpec spec, ModelRegistry registry, IMonitoringStore store, RetrainRun run, int championSide, int challengerSide, int rowsNeeded,
        bool answersClients)
    {
        var since = run.Steps[^1].At;
        var manifest = registry.ReadManifest(spec.Name, championSide);
        var health = store.Health(spec.Name, since, time.GetUtcNow());
        var live = LivePairs.Read(store, spec.Name, championSide, challengerSide, since);
        return (LiveJudge.Judge(spec.SuccessMetric.Name, live.Pairs(manifest, championSide, challengerSide), live.Served(championSide, health),
            live.Served(challengerSide, health), rowsNeeded, answersClients, spec.Split.Seed), live);
    }
}
