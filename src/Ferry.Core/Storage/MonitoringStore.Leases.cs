namespace Ferry.Core.Storage;

/// <summary>Leases: a named claim held by one holder until it expires, so that one process among every server of a
/// shared store does a thing (one autopilot per model) and a claim whose holder was killed lapses by itself. Taking,
/// renewing and refusing are one upsert, so two servers asking at once never both hold it.</summary>
public sealed partial class MonitoringStore
{
    public bool HoldLease(string name, string holder, DateTimeOffset at, TimeSpan duration)
    {
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("""
            INSERT INTO leases (name, holder, expires_at) VALUES (@name, @holder, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE leases.expires_at < @at OR leases.holder = excluded.holder
            RETURNING holder;
            """);
        command.Add("@name", name);
        command.Add("@holder", holder);
        command.Add("@at", at.ToUnixTimeMilliseconds());
        command.Add("@expires", (at + duration).ToUnixTimeMilliseconds());
        return command.ExecuteScalar() is string held && held == holder;
    }

    public void ReleaseLease(string name, string holder)
    {
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("DELETE FROM leases WHERE name = @name AND holder = @holder;");
        command.Add("@name", name);
        command.Add("@holder", holder);
        command.ExecuteNonQuery();
    }
}
