using System.Data.Common;

namespace Ferry.Core.Storage;

/// <summary>A lease of the store held for as long as this lives: renewed every quarter of its duration on the
/// <see cref="TimeProvider"/>'s timer (as a training renews its version reservation, see <see cref="VersionLease"/>), released
/// when disposed. A renewal that finds another holder (this one was cut off from the store past the lease's end and
/// another server took it) cancels <see cref="Lost"/> and renews no more; a store that cannot be reached is tried again
/// at the next renewal.</summary>
internal sealed class LeaseRenewal : IDisposable
{
    private readonly ILeaseStore _store;
    private readonly string _name;
    private readonly string _holder;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _time;
    /// <summary>Not disposed: it holds nothing (no timer, no linked token), and a renewal in flight may cancel it after <see cref="Dispose"/>.</summary>
    private readonly CancellationTokenSource _lost = new();
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private bool _disposed;

    private LeaseRenewal(ILeaseStore store, string name, string holder, TimeSpan duration, TimeProvider time)
    {
        (_store, _name, _holder, _duration, _time) = (store, name, holder, duration, time);
        Lost = _lost.Token;
        _timer = time.CreateTimer(_ => Renew(), null, duration / 4, duration / 4);
    }

    /// <summary>Cancelled when a renewal found the lease held by another holder: whatever this lease guarded must stop.</summary>
    public CancellationToken Lost { get; }

    /// <summary>Takes the lease <paramref name="name"/> for <paramref name="holder"/> and keeps it renewed.</summary>
    /// <returns>The renewal, or null when another holder's unexpired lease stands.</returns>
    public static LeaseRenewal? Hold(ILeaseStore store, string name, string holder, TimeSpan duration, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return store.HoldLease(name, holder, time.GetUtcNow(), duration) ? new LeaseRenewal(store, name, holder, duration, time) : null;
    }

    /// <summary>Stops renewing and frees the lease (unless it was lost); a store that cannot be reached now lets it lapse.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer.Dispose();
            if (!Lost.IsCancellationRequested)
            {
                Reach(() => _store.ReleaseLease(_name, _holder));
            }
        }
    }

    private void Renew()
    {
        lock (_gate)
        {
            if (_disposed || Lost.IsCancellationRequested || Reach(() => _store.HoldLease(_name, _holder, _time.GetUtcNow(), _duration)) is not false)
            {
                return;
            }

            _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _lost.Cancel();
    }

    /// <summary>The store's answer, or null when it cannot be reached now.</summary>
    private static bool? Reach(Func<bool> call)
    {
        try
        {
            return call();
        }
        catch (Exception e) when (e is StoreUnavailableException or DbException)
        {
            return null;
        }
    }

    private static void Reach(Action call) => Reach(() =>
    {
        call();
        return true;
    });
}
