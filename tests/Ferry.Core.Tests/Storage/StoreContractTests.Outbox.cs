using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Storage;

/// <summary>The webhook outbox, on every store: bodies kept in order, seen by every server of the store, deleted one by
/// one, the oldest dropped beyond the capacity.</summary>
public abstract partial class StoreContractTests
{
    private static readonly Uri s_receiver = new("http://127.0.0.1:9/alerts");

    private static PendingWebhook Body(string what, Uri? url = null) => new(0, "m", url ?? s_receiver, what, $$"""{"what":"{{what}}"}""", s_noon);

    [SkippableFact]
    public void KeepWebhook_ThenReadOnAnotherServer_GivesTheBodiesOldestFirst()
    {
        var store = Monitoring();
        store.KeepWebhook(Body("first"), 10);
        store.KeepWebhook(Body("second", new Uri("http://127.0.0.1:10/other")), 10);

        var pending = Monitoring(OtherMachine).PendingWebhooks(10);

        Assert.Equal(["first", "second"], pending.Select(p => p.What));
        Assert.Equal(("m", s_receiver, """{"what":"first"}""", s_noon), (pending[0].Model, pending[0].Url, pending[0].Body, pending[0].At));
        Assert.Equal((2, 1), (store.PendingWebhookCount(null), store.PendingWebhookCount(s_receiver)));
    }

    [SkippableFact]
    public void DeleteWebhook_RemovesThatBodyOnly()
    {
        var store = Monitoring();
        store.KeepWebhook(Body("first"), 10);
        store.KeepWebhook(Body("second"), 10);

        store.DeleteWebhook(store.PendingWebhooks(1)[0].Id);

        Assert.Equal(["second"], Monitoring(OtherMachine).PendingWebhooks(10).Select(p => p.What));
    }

    [SkippableFact]
    public void KeepWebhook_BeyondTheCapacity_DropsTheOldestAndSaysHowMany()
    {
        var store = Monitoring();
        var dropped = Enumerable.Range(1, 5).Select(i => store.KeepWebhook(Body($"body {i}"), 3)).ToArray();

        Assert.Equal([0, 0, 0, 1, 1], dropped);
        Assert.Equal(["body 3", "body 4", "body 5"], store.PendingWebhooks(10).Select(p => p.What));
    }
}
