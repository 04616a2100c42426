namespace Ferry.Core.Storage;

/// <summary>Named leases of the store that let one server among those sharing it act (one autopilot per model, the
/// trainer of a run, the deliverer of the webhook outbox); <see cref="LeaseRenewal"/> keeps one renewed.</summary>
public interface ILeaseStore
{
    /// <summary>Takes the lease <paramref name="name"/> for <paramref name="holder"/> until <paramref name="at"/> +
    /// <paramref name="duration"/> when no one holds it or its lease expired before <paramref name="at"/>, or renews it to
    /// then when <paramref name="holder"/> already holds it; atomic across every server of the store.</summary>
    /// <returns>True when <paramref name="holder"/> now holds the lease; false when another holder's unexpired lease stands.</returns>
    bool HoldLease(string name, string holder, DateTimeOffset at, TimeSpan duration);

    /// <summary>Frees the lease <paramref name="name"/> if <paramref name="holder"/> holds it; another holder's lease is left alone.</summary>
    void ReleaseLease(string name, string holder);
}
