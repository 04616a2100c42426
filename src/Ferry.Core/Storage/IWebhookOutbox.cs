namespace Ferry.Core.Storage;

/// <summary>The webhook bodies whose receiver was down, kept until it is back: in order, bounded, shared by every server
/// of the store (one of them, the holder of a lease, delivers them).</summary>
public interface IWebhookOutbox : ILeaseStore
{
    /// <summary>Keeps <paramref name="webhook"/> (its <see cref="PendingWebhook.Id"/> is given by the store) and drops the
    /// oldest beyond the latest <paramref name="capacity"/>.</summary>
    /// <returns>How many were dropped.</returns>
    int KeepWebhook(PendingWebhook webhook, int capacity);

    /// <summary>The oldest <paramref name="limit"/> bodies kept, oldest first.</summary>
    IReadOnlyList<PendingWebhook> PendingWebhooks(int limit);

    /// <summary>How many bodies are kept for <paramref name="url"/> (for every receiver when null).</summary>
    int PendingWebhookCount(Uri? url);

    /// <summary>Forgets a body: it was delivered, or its receiver refused it.</summary>
    void DeleteWebhook(long id);
}
