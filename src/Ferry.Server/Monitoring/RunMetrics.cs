using Ferry.Core.Storage;

namespace Ferry.Server.Monitoring;

/// <summary>The retraining runs in /metrics: ferry_runs{model,stage} from the store (every stage, 0 where no run is) and
/// ferry_run_changes_total{model,stage} counted as the autopilot changes a run's stage.</summary>
internal static class RunMetrics
{
    /// <summary>Sets the model's runs at each stage from the store, and makes its change counters' series exist at 0.</summary>
    public static void Publish(ServerMetrics metrics, IRunStore runs, string model)
    {
        var counts = runs.RunsByStage(model);
        foreach (var stage in RunStages.All)
        {
            metrics.Runs.WithLabels(model, stage).Set(counts.GetValueOrDefault(stage));
            metrics.RunChanges.WithLabels(model, stage);
        }
    }

    /// <summary>Counts a run reaching its stage.</summary>
    public static void Changed(ServerMetrics metrics, RetrainRun run) => metrics.RunChanges.WithLabels(run.Model, run.Stage).Inc();
}
