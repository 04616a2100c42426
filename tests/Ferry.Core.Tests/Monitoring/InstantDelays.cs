using System.Collections.Concurrent;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>A clock whose one-shot timers fire at once and note the delay they were asked for: a backoff is observed
/// without being waited for. Its time is the system's, and so are its periodic timers (a lease's renewal), which are no delay.</summary>
internal sealed class InstantDelays : TimeProvider
{
    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan)
        {
            return System.CreateTimer(callback, state, dueTime, period);
        }

        var timer = new Timer(this, System.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class Timer(InstantDelays clock, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return inner.Change(dueTime, period);
            }

            clock.Delays.Enqueue(dueTime);
            return inner.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
