namespace Ferry.Core.Storage;

/// <summary>Where the runs of the retraining loop are kept, one open run per model across every server of the store,
/// and the leases that let one server among them act (one autopilot per model, the trainer of a run).</summary>
public interface IRunStore : ILeaseStore
{
    /// <summary>Starts a run unless the model has an open one (here or on another server of the store).</summary>
    /// <returns>The new run, or null when one was open: a second trigger joins it.</returns>
    RetrainRun? StartRun(string model, string trigger, int champion, DateTimeOffset at);

    /// <summary>Writes the run as it now stands (stage, steps, challenger, lineage); a final stage closes it.</summary>
    void SaveRun(RetrainRun run);

    /// <summary>The model's open run, or null.</summary>
    RetrainRun? OpenRun(string model);

    /// <summary>The latest <paramref name="limit"/> runs of the model, newest first.</summary>
    IReadOnlyList<RetrainRun> Runs(string model, int limit);

    /// <summary>How many of the model's runs are at each stage; a stage no run is at is left out.</summary>
    IReadOnlyDictionary<string, int> RunsByStage(string model);

    /// <summary>How many runs of the model started at or after <paramref name="since"/> (for <c>retrain.max_per_day</c>).</summary>
    int RunsSince(string model, DateTimeOffset since);
}
