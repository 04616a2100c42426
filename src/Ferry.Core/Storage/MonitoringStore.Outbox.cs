namespace Ferry.Core.Storage;

/// <summary>The webhook outbox: bodies whose receiver was down, in the order they were sent, the oldest dropped beyond a
/// capacity. Written durably: a body the receiver has not taken survives a restart.</summary>
public sealed partial class MonitoringStore : IWebhookOutbox
{
    public int KeepWebhook(PendingWebhook webhook, int capacity)
    {
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        using var command = connection.Command("INSERT INTO webhook_outbox (model, url, what, body, at) VALUES (@model, @url, @what, @body, @at);", transaction);
        command.Add("@model", webhook.Model);
        command.Add("@url", webhook.Url.AbsoluteUri);
        command.Add("@what", webhook.What);
        command.Add("@body", webhook.Body);
        command.Add("@at", webhook.At.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
        command.Parameters.Clear();
        command.CommandText = "DELETE FROM webhook_outbox WHERE id NOT IN (SELECT id FROM webhook_outbox ORDER BY id DESC LIMIT @capacity);";
        command.Add("@capacity", capacity);
        var dropped = command.ExecuteNonQuery();
        transaction.Commit();
        return dropped;
    }

    public IReadOnlyList<PendingWebhook> PendingWebhooks(int limit)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT id, model, url, what, body, at FROM webhook_outbox ORDER BY id LIMIT @limit;");
        command.Add("@limit", limit);
        using var reader = command.ExecuteReader();
        var pending = new List<PendingWebhook>();
        while (reader.Read())
        {
            pending.Add(new PendingWebhook(reader.Int64(0), reader.GetString(1), new Uri(reader.GetString(2)), reader.GetString(3), reader.GetString(4),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(5))));
        }

        return pending;
    }

    public int PendingWebhookCount(Uri? url)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command(url is null ? "SELECT COUNT(*) FROM webhook_outbox;" : "SELECT COUNT(*) FROM webhook_outbox WHERE url = @url;");
        if (url is not null)
        {
            command.Add("@url", url.AbsoluteUri);
        }

        return (int)(command.ScalarInt64() ?? 0);
    }

    public void DeleteWebhook(long id)
    {
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("DELETE FROM webhook_outbox WHERE id = @id;");
        command.Add("@id", id);
        command.ExecuteNonQuery();
    }
}
