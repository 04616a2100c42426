using Ferry.Core.Storage;

namespace Ferry.Core.Tests.Monitoring;

/// <summary>A real store's outbox whose next <see cref="FailingKeeps"/> writes of a body fail as a store that cannot be
/// reached fails (a <see cref="StoreUnavailableException"/>); everything else is the store's.</summary>
internal sealed class FlakyOutbox(IWebhookOutbox store) : IWebhookOutbox
{
    public int FailingKeeps { get; set; }

    public int KeepWebhook(PendingWebhook webhook, int capacity)
    {
        if (FailingKeeps > 0)
        {
            FailingKeeps--;
            throw new StoreUnavailableException("the store cannot be reached (injected)");
        }

        return store.KeepWebhook(webhook, capacity);
    }

    public IReadOnlyList<PendingWebhook> PendingWebhooks(int limit) => store.PendingWebhooks(limit);

    public int PendingWebhookCount(Uri? url) => store.PendingWebhookCount(url);

    public void DeleteWebhook(long id) => store.DeleteWebhook(id);

    public bool HoldLease(string name, string holder, DateTimeOffset at, TimeSpan duration) => store.HoldLease(name, holder, at, duration);

    public void ReleaseLease(string name, string holder) => store.ReleaseLease(name, holder);
}
