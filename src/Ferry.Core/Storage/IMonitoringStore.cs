namespace Ferry.Core.Storage;

/// <summary>Where served predictions, their feedback, failed requests and alerts are kept.</summary>
public interface IMonitoringStore
{
    void AppendPredictions(IReadOnlyList<PredictionRecord> predictions);

    /// <summary>Deletes all but the latest <paramref name="keep"/> predictions (and failed requests), and the feedback of
    /// the deleted predictions; returns how many predictions went.</summary>
    int Prune(int keep);

    /// <summary>Records failed prediction requests (status code per request) of a model version.</summary>
    void AppendErrors(IReadOnlyList<(string Model, int Version, DateTimeOffset At, int Status)> errors);

    /// <summary>Joins ground truth to logged predictions in one transaction, committed durably before it returns; ids that
    /// match no prediction of <paramref name="model"/> are returned, not stored. A label is final: the same label again is
    /// unchanged, a different one is a conflict, and a batch with any conflict is not written at all, unless
    /// <paramref name="replace"/> (the admin's say) lets later labels replace earlier ones. With
    /// <paramref name="onlyIfAllKnown"/> a batch in which any id matches no prediction is not written either (its unknown
    /// ids are returned), so a caller that waits for them can write the whole batch in one transaction later.</summary>
    FeedbackOutcome AddFeedback(string model, IReadOnlyList<(string Id, string Actual)> items, DateTimeOffset at, bool replace, bool onlyIfAllKnown = false);

    /// <summary>The latest <paramref name="count"/> predictions of a version, oldest first.</summary>
    IReadOnlyList<LoggedPrediction> Recent(string model, int version, int count);

    /// <summary>The latest <paramref name="count"/> predictions of a version that have feedback, oldest first.</summary>
    IReadOnlyList<LoggedPrediction> Labelled(string model, int version, int count);

    /// <summary>Latency, throughput and errors per version since <paramref name="since"/>, over at most each version's
    /// latest 10,000 predictions (throughput and errors over the time those span).</summary>
    IReadOnlyList<VersionHealth> Health(string model, DateTimeOffset since, DateTimeOffset now);

    /// <summary>Notes that a server started serving a version (for uptime).</summary>
    void Served(string model, int version, DateTimeOffset at);

    /// <summary>Opens an alert unless one is open for the rule; returns it when it was opened.</summary>
    Alert? OpenAlert(string model, string rule, double value, double threshold, string message, DateTimeOffset at);

    /// <summary>Resolves the rule's open alert; returns it when there was one.</summary>
    Alert? ResolveAlert(string model, string rule, DateTimeOffset at);

    /// <summary>Open alerts first, then the latest resolved ones.</summary>
    IReadOnlyList<Alert> Alerts(string model, int limit);
}
