using Ferry.Core.Storage;
using Ferry.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ferry.Core.Tests.Storage;

/// <summary>A lease kept renewed on a fake clock (its timer fires as the clock is advanced), on a SQLite store.</summary>
public sealed class LeaseRenewalTests : IDisposable
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);
    private readonly TestFiles _files = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _files.Dispose();

    private MonitoringStore Store() => MonitoringStore.Open(_files.Path("store"));

    private void AdvanceQuarters(int quarters)
    {
        for (var i = 0; i < quarters; i++)
        {
            _time.Advance(s_minute / 4);
        }
    }

    [Fact]
    public void Hold_AsTimeGoesOn_KeepsTheLeaseHeldPastItsFirstDuration()
    {
        using var lease = LeaseRenewal.Hold(Store(), "autopilot:m", "a", s_minute, _time);

        AdvanceQuarters(12);

        Assert.NotNull(lease);
        Assert.False(Store().HoldLease("autopilot:m", "b", _time.GetUtcNow(), s_minute));
        Assert.False(lease.Lost.IsCancellationRequested);
    }

    [Fact]
    public void Hold_WhileAnotherHolderHoldsIt_IsRefused()
    {
        Store().HoldLease("autopilot:m", "b", _time.GetUtcNow(), s_minute);

        using var lease = LeaseRenewal.Hold(Store(), "autopilot:m", "a", s_minute, _time);

        Assert.Null(lease);
    }

    [Fact]
    public void Dispose_ReleasesTheLeaseAtOnce()
    {
        var lease = LeaseRenewal.Hold(Store(), "autopilot:m", "a", s_minute, _time);

        lease!.Dispose();

        Assert.True(Store().HoldLease("autopilot:m", "b", _time.GetUtcNow(), s_minute));
    }

    [Fact]
    public void Lost_WhenARenewalFindsAnotherHolder_IsCancelledAndTheOtherKeepsTheLease()
    {
        using var lease = LeaseRenewal.Hold(Store(), "autopilot:m", "a", s_minute, _time);
        Store().HoldLease("autopilot:m", "b", _time.GetUtcNow().AddMinutes(2), s_minute);

        AdvanceQuarters(1);

        Assert.True(lease!.Lost.IsCancellationRequested);
        Assert.True(Store().HoldLease("autopilot:m", "b", _time.GetUtcNow().AddMinutes(2), s_minute));
    }
}
