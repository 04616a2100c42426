namespace Ferry.Core.Monitoring;

/// <summary>Why the prediction log lost a record.</summary>
public enum PredictionLogDrop
{
    /// <summary>The queue held its most records.</summary>
    QueueRows,

    /// <summary>The queue held its most bytes.</summary>
    QueueBytes,

    /// <summary>The store refused the write, after retries.</summary>
    Store,
}
