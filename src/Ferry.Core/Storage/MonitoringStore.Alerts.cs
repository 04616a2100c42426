using System.Data.Common;

namespace Ferry.Core.Storage;

/// <summary>Health, serving starts and alerts.</summary>
public sealed partial class MonitoringStore
{
    /// <summary>Health reads at most this many of a version's latest predictions, whatever the traffic.</summary>
    public const int HealthRows = 10_000;

    public IReadOnlyList<VersionHealth> Health(string model, DateTimeOffset since, DateTimeOffset now)
    {
        using var connection = _database.Open(durable: false);
        var started = Counts(connection, "SELECT version, MAX(at) FROM serving WHERE model = @model GROUP BY version;", model, DateTimeOffset.MinValue);
        var logged = Counts(connection, """
            WITH RECURSIVE v(version) AS (
                SELECT MIN(version) FROM predictions WHERE model = @model
                UNION ALL SELECT (SELECT MIN(version) FROM predictions WHERE model = @model AND version > v.version) FROM v WHERE v.version IS NOT NULL)
            SELECT version, 0 FROM v WHERE version IS NOT NULL;
            """, model, DateTimeOffset.MinValue);
        // A version whose every request failed (a canary that cannot answer) has no predictions; its errors still count.
        var failing = Counts(connection, "SELECT DISTINCT version, 0 FROM request_errors WHERE model = @model AND at >= @since;", model, since);
        var health = new List<VersionHealth>();
        foreach (var version in started.Keys.Union(logged.Keys).Union(failing.Keys).Order())
        {
            var latencies = new List<double>();
            var oldest = now.ToUnixTimeMilliseconds();
            using (var command = Command(connection, """
                SELECT latency_ms, at FROM predictions WHERE model = @model AND version = @version AND at >= @since
                ORDER BY at DESC LIMIT @limit;
                """, model, since))
            {
                command.Add("@version", version);
                command.Add("@limit", HealthRows);
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    latencies.Add(reader.GetDouble(0));
                    oldest = reader.Int64(1);
                }
            }

            var from = latencies.Count == HealthRows ? DateTimeOffset.FromUnixTimeMilliseconds(oldest) : since;
            using var errorsCommand = Command(connection, "SELECT COUNT(*) FROM request_errors WHERE model = @model AND version = @version AND at >= @since;", model, from);
            errorsCommand.Add("@version", version);
            var errors = (int)(errorsCommand.ScalarInt64() ?? 0);
            if (latencies.Count + errors == 0)
            {
                continue;
            }

            latencies.Sort();
            var span = Math.Max((now.ToUnixTimeMilliseconds() - (latencies.Count > 0 ? oldest : from.ToUnixTimeMilliseconds())) / 1000.0, 1);
            health.Add(new VersionHealth(version, latencies.Count, errors, Data.Statistics.NearestRank(latencies, 0.5), Data.Statistics.NearestRank(latencies, 0.95), Data.Statistics.NearestRank(latencies, 0.99),
                latencies.Count / span, (double)errors / (latencies.Count + errors),
                started.TryGetValue(version, out var at) ? (now.ToUnixTimeMilliseconds() - at) / 1000.0 : null));
        }

        return health;
    }

    public void Served(string model, int version, DateTimeOffset at)
    {
        using var connection = _database.Open(durable: false);
        using var command = Command(connection, "INSERT INTO serving (model, version, at) VALUES (@model, @version, @since);", model, at);
        command.Add("@version", version);
        command.ExecuteNonQuery();
    }

    public Alert? OpenAlert(string model, string rule, double value, double threshold, string message, DateTimeOffset at)
    {
        using var connection = _database.Open(durable: true);
        using var command = Command(connection, """
            INSERT INTO alerts (model, rule, value, threshold, message, opened_at) VALUES (@model, @rule, @value, @threshold, @message, @since)
            ON CONFLICT DO NOTHING RETURNING id;
            """, model, at);
        command.Add("@rule", rule);
        command.Add("@value", double.IsFinite(value) ? value : null);
        command.Add("@threshold", threshold);
        command.Add("@message", message);
        return command.ScalarInt64() is { } id ? new Alert(id, model, rule, value, threshold, message, at, null) : null;
    }

    public Alert? ResolveAlert(string model, string rule, DateTimeOffset at)
    {
        using var connection = _database.Open(durable: true);
        using var command = Command(connection, """
            UPDATE alerts SET resolved_at = @since WHERE model = @model AND rule = @rule AND resolved_at IS NULL
            RETURNING id, model, rule, value, threshold, message, opened_at, resolved_at;
            """, model, at);
        command.Add("@rule", rule);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadAlert(reader) : null;
    }

    public IReadOnlyList<Alert> Alerts(string model, int limit)
    {
        using var connection = _database.Open(durable: false);
        using var command = Command(connection, """
            SELECT id, model, rule, value, threshold, message, opened_at, resolved_at FROM alerts WHERE model = @model
            ORDER BY resolved_at IS NOT NULL, id DESC LIMIT @limit;
            """, model, DateTimeOffset.MinValue);
        command.Add("@limit", limit);
        using var reader = command.ExecuteReader();
        var alerts = new List<Alert>();
        while (reader.Read())
        {
            alerts.Add(ReadAlert(reader));
        }

        return alerts;
    }

    private static Alert ReadAlert(DbDataReader reader) => new(
        reader.Int64(0), reader.GetString(1), reader.GetString(2), reader.NullableDouble(3) ?? double.NaN, reader.GetDouble(4),
        reader.GetString(5), DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(6)),
        reader.IsDBNull(7) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(7)));

    private static DbCommand Command(DbConnection connection, string sql, string model, DateTimeOffset since)
    {
        var command = connection.Command(sql);
        command.Add("@model", model);
        command.Add("@since", since == DateTimeOffset.MinValue ? 0L : since.ToUnixTimeMilliseconds());
        return command;
    }

    private static Dictionary<int, long> Counts(DbConnection connection, string sql, string model, DateTimeOffset since)
    {
        using var command = Command(connection, sql, model, since);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<int, long>();
        while (reader.Read())
        {
            counts[reader.GetInt32(0)] = reader.Int64(1);
        }

        return counts;
    }
}
