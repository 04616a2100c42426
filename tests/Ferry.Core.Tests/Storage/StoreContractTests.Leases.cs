namespace Ferry.Core.Tests.Storage;

/// <summary>The leases of the store (one autopilot per model, the trainer of a run), on every store. Time is the
/// <c>at</c> each call passes: a lease of one minute taken at noon stands until 12:01.</summary>
public abstract partial class StoreContractTests
{
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    [SkippableFact]
    public void HoldLease_WhileAnotherHolderHoldsIt_IsRefusedOnEveryServerOfTheStore()
    {
        var first = Monitoring().HoldLease("autopilot:m", "a", s_noon, s_minute);

        var second = Monitoring(OtherMachine).HoldLease("autopilot:m", "b", s_noon.AddSeconds(59), s_minute);
        var otherLease = Monitoring(OtherMachine).HoldLease("autopilot:n", "b", s_noon.AddSeconds(59), s_minute);

        Assert.True(first);
        Assert.False(second);
        Assert.True(otherLease);
    }

    [SkippableFact]
    public void HoldLease_AfterTheLeaseExpired_GoesToTheNextHolder()
    {
        Monitoring().HoldLease("autopilot:m", "a", s_noon, s_minute);

        var taken = Monitoring(OtherMachine).HoldLease("autopilot:m", "b", s_noon.AddSeconds(61), s_minute);

        Assert.True(taken);
        Assert.False(Monitoring().HoldLease("autopilot:m", "a", s_noon.AddSeconds(62), s_minute));
    }

    [SkippableFact]
    public void HoldLease_ByItsHolder_ExtendsItFromThen()
    {
        var store = Monitoring();
        store.HoldLease("autopilot:m", "a", s_noon, s_minute);

        var renewed = store.HoldLease("autopilot:m", "a", s_noon.AddSeconds(45), s_minute);

        Assert.True(renewed);
        Assert.False(Monitoring(OtherMachine).HoldLease("autopilot:m", "b", s_noon.AddSeconds(100), s_minute));
        Assert.True(Monitoring(OtherMachine).HoldLease("autopilot:m", "b", s_noon.AddSeconds(106), s_minute));
    }

    [SkippableFact]
    public void ReleaseLease_ByItsHolder_FreesItAtOnce()
    {
        var store = Monitoring();
        store.HoldLease("autopilot:m", "a", s_noon, s_minute);

        store.ReleaseLease("autopilot:m", "a");

        Assert.True(Monitoring(OtherMachine).HoldLease("autopilot:m", "b", s_noon.AddSeconds(1), s_minute));
    }

    [SkippableFact]
    public void ReleaseLease_ByAnotherHolder_LeavesItHeld()
    {
        Monitoring().HoldLease("autopilot:m", "a", s_noon, s_minute);

        Monitoring(OtherMachine).ReleaseLease("autopilot:m", "b");

        Assert.False(Monitoring(OtherMachine).HoldLease("autopilot:m", "b", s_noon.AddSeconds(1), s_minute));
        Assert.True(Monitoring().HoldLease("autopilot:m", "a", s_noon.AddSeconds(1), s_minute));
    }

    [SkippableFact]
    public void HoldLease_ManyServersAtOnce_IsHeldByExactlyOne()
    {
        const int servers = 8;
        var stores = Enumerable.Range(0, servers).Select(s => Monitoring(s % 2 == 0 ? "a" : OtherMachine)).ToArray();
        using var start = new Barrier(servers);
        var held = new bool[servers, 10];

        var racing = Enumerable.Range(0, servers).Select(s => Task.Factory.StartNew(() =>
        {
            try
            {
                for (var round = 0; round < 10; round++)
                {
                    start.SignalAndWait();
                    held[s, round] = stores[s].HoldLease($"race:{round}", $"server-{s}", s_noon, s_minute);
                }
            }
            finally
            {
                start.RemoveParticipant();
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToArray();
        Task.WaitAll(racing);

        for (var round = 0; round < 10; round++)
        {
            var winners = Enumerable.Range(0, servers).Where(s => held[s, round]).ToArray();
            var winner = Assert.Single(winners);
            Assert.True(stores[winner].HoldLease($"race:{round}", $"server-{winner}", s_noon.AddSeconds(1), s_minute));
        }
    }
}
