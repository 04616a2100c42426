namespace Ferry.Core.Storage;

/// <summary>Where the runs of the retraining loop are kept, one open run per model across every server of the store,
/// and the leases that let one server among them act (one autopilot per model, the trainer of a run).</summary>
public interface IRunStore
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

    /// <summary>How many runs of the model started at or after <paramref name="since"/> (for <c>retrain.max_per_day</c>).</summary>
    int RunsSince(string model, DateTimeOffset since);

    /// <summary>Takes the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="at"/> +
    /// <paramref name="duration"/> when no one holds it or its lease expired before <paramref name="at"/>, or renews it to
    /// then when <paramref name="holder"/> already holds it; atomic across every server of the store.</summary>
    /// <returns>True when <paramref name="holder"/> now holds the lease; false when another holder's unexpired lease stands.</returns>
    bool HoldLease(string name, string holder, DateTimeOffset at, TimeSpan duration);

    /// <summary>Frees the lease <paramref name="name"/> if <paramref name="holder"/> holds it; another holder's lease is left alone.</summary>
    void ReleaseLease(string name, string holder);
}
