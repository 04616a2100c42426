using System.Data.Common;
using System.Text.Json;

namespace Ferry.Core.Storage;

/// <summary>The monitoring tables in the store's database (SQLite by default, PostgreSQL when servers share a store).
/// Feedback and alerts commit durably, so an acknowledged item survives a crash; the prediction log, written in batches,
/// commits with SQLite's synchronous=NORMAL.</summary>
public sealed partial class MonitoringStore : IMonitoringStore
{
    private const string PredictionColumns = "p.id, p.version, p.at, p.latency_ms, p.input, p.label, p.value, p.confidence";

    private static readonly string[] s_predictionFields = ["id", "model", "version", "at", "latency_ms", "input", "label", "value", "confidence"];

    private readonly StoreDatabase _database;

    private MonitoringStore(StoreDatabase database)
    {
        _database = database;
        _database.CreateSchema();
    }

    /// <summary>The store of a spec: `store:`'s PostgreSQL database when it names one, else ferry.db in its directory.</summary>
    public static MonitoringStore Open(Spec.ProblemSpec spec) => Open(spec.StoreDirectory, spec.StoreUrl);

    /// <summary>The PostgreSQL store at <paramref name="url"/>, or without one the SQLite store in <paramref name="directory"/>.</summary>
    public static MonitoringStore Open(string directory, string? url = null) => new(StoreDatabase.Open(directory, url));

    public void AppendPredictions(IReadOnlyList<PredictionRecord> predictions)
    {
        using var connection = _database.Open(durable: false);
        using var transaction = connection.BeginTransaction();
        var input = new InputJson();
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < predictions.Count; start += _database.PredictionsPerInsert)
            {
                var rows = Math.Min(_database.PredictionsPerInsert, predictions.Count - start);
                if (command is null || command.Parameters.Count != rows * s_predictionFields.Length)
                {
                    command?.Dispose();
                    command = InsertPredictions(connection, transaction, rows);
                }

                for (var r = 0; r < rows; r++)
                {
                    var prediction = predictions[start + r];
                    var first = r * s_predictionFields.Length;
                    command.Parameters[first].Value = prediction.Id;
                    command.Parameters[first + 1].Value = prediction.Model;
                    command.Parameters[first + 2].Value = prediction.Version;
                    command.Parameters[first + 3].Value = prediction.At.ToUnixTimeMilliseconds();
                    command.Parameters[first + 4].Value = prediction.LatencyMs;
                    command.Parameters[first + 5].Value = input.Write(prediction);
                    command.Parameters[first + 6].Value = (object?)prediction.Result.Label ?? DBNull.Value;
                    command.Parameters[first + 7].Value = (object?)prediction.Result.Value ?? DBNull.Value;
                    command.Parameters[first + 8].Value = (object?)prediction.Confidence ?? DBNull.Value;
                }

                command.ExecuteNonQuery();
            }
        }
        finally
        {
            command?.Dispose();
        }

        transaction.Commit();
    }

    /// <summary>One INSERT of <paramref name="rows"/> predictions.</summary>
    private static DbCommand InsertPredictions(DbConnection connection, DbTransaction transaction, int rows)
    {
        var values = Enumerable.Range(0, rows).Select(r => $"({string.Join(", ", s_predictionFields.Select(f => $"@{f}{r}"))})");
        var command = connection.Command(
            $"INSERT INTO predictions ({string.Join(", ", s_predictionFields)}) VALUES {string.Join(", ", values)} ON CONFLICT DO NOTHING;", transaction);
        for (var r = 0; r < rows; r++)
        {
            foreach (var field in s_predictionFields)
            {
                command.Add($"@{field}{r}", null);
            }
        }

        return command;
    }

    public int Prune(int keep)
    {
        using var connection = _database.Open(durable: false);
        using var transaction = connection.BeginTransaction();
        using var command = connection.Command(_database.PruneSql("predictions"), transaction);
        command.Add("@keep", keep);
        var deleted = command.ExecuteNonQuery();
        command.CommandText = _database.PruneSql("request_errors")
            + "DELETE FROM feedback WHERE NOT EXISTS (SELECT 1 FROM predictions p WHERE p.id = feedback.id);";
        command.ExecuteNonQuery();
        transaction.Commit();
        return deleted;
    }

    public void AppendErrors(IReadOnlyList<(string Model, int Version, DateTimeOffset At, int Status)> errors)
    {
        using var connection = _database.Open(durable: false);
        using var transaction = connection.BeginTransaction();
        using var command = connection.Command("INSERT INTO request_errors (model, version, at, status) VALUES (@model, @version, @at, @status);", transaction);
        var parameters = new[] { "@model", "@version", "@at", "@status" }.Select(name => command.Add(name, "")).ToArray();
        foreach (var (model, version, at, status) in errors)
        {
            parameters[0].Value = model;
            parameters[1].Value = version;
            parameters[2].Value = at.ToUnixTimeMilliseconds();
            parameters[3].Value = status;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public FeedbackOutcome AddFeedback(string model, IReadOnlyList<(string Id, string Actual)> items, DateTimeOffset at, bool replace, bool onlyIfAllKnown = false)
    {
        using var connection = _database.Open(durable: true);
        using var transaction = connection.BeginTransaction();
        using var insert = FeedbackCommand(connection, transaction, """
            INSERT INTO feedback (id, model, actual, at) SELECT id, model, @actual, @at FROM predictions WHERE id = @id AND model = @model
            ON CONFLICT (id) DO NOTHING;
            """, model, at);
        using var recorded = FeedbackCommand(connection, transaction,
            "SELECT f.actual FROM feedback f JOIN predictions p ON p.id = f.id WHERE f.id = @id AND p.model = @model;", model, null);
        using var update = FeedbackCommand(connection, transaction,
            "UPDATE feedback SET actual = @actual, at = @at WHERE id = @id AND model = @model;", model, at);
        var unknown = new List<string>();
        var conflicts = new List<FeedbackConflict>();
        int added = 0, unchanged = 0, replaced = 0;
        foreach (var (id, actual) in items)
        {
            if (Run(insert, id, actual) == 1)
            {
                added++;
            }
            else if (Bind(recorded, id, actual).ExecuteScalar() is not string stored)
            {
                unknown.Add(id);
            }
            else if (stored == actual)
            {
                unchanged++;
            }
            else if (replace)
            {
                Run(update, id, actual);
                replaced++;
            }
            else
            {
                conflicts.Add(new FeedbackConflict(id, stored, actual));
            }
        }

        if (conflicts.Count > 0 || (onlyIfAllKnown && unknown.Count > 0))
        {
            transaction.Rollback();
            return new FeedbackOutcome(0, 0, 0, unknown, conflicts);
        }

        transaction.Commit();
        return new FeedbackOutcome(added + unchanged + replaced, unchanged, replaced, unknown, []);
    }

    /// <summary>A statement run once per feedback item: @id (and @actual, when there is an @at) bound per item, @model
    /// and @at the batch's.</summary>
    private static DbCommand FeedbackCommand(DbConnection connection, DbTransaction transaction, string sql, string model, DateTimeOffset? at)
    {
        var command = connection.Command(sql, transaction);
        command.Add("@id", "");
        command.Add("@model", model);
        if (at is { } time)
        {
            command.Add("@actual", "");
            command.Add("@at", time.ToUnixTimeMilliseconds());
        }

        return command;
    }

    private static DbCommand Bind(DbCommand command, string id, string actual)
    {
        command.Parameters["@id"].Value = id;
        if (command.Parameters.Contains("@actual"))
        {
            command.Parameters["@actual"].Value = actual;
        }

        return command;
    }

    private static int Run(DbCommand command, string id, string actual) => Bind(command, id, actual).ExecuteNonQuery();

    public IReadOnlyList<LoggedPrediction> Recent(string model, int version, int count) => ReadPredictions($"""
        SELECT * FROM (SELECT {PredictionColumns}, f.actual FROM predictions p LEFT JOIN feedback f ON f.id = p.id
        WHERE p.model = @model AND p.version = @version ORDER BY p.at DESC, p.id DESC LIMIT @count) AS latest ORDER BY at, id;
        """, model, version, count);

    public IReadOnlyList<LoggedPrediction> Labelled(string model, int version, int count) => ReadPredictions($"""
        SELECT * FROM (SELECT {PredictionColumns}, f.actual FROM predictions p JOIN feedback f ON f.id = p.id
        WHERE p.model = @model AND p.version = @version ORDER BY p.at DESC, p.id DESC LIMIT @count) AS latest ORDER BY at, id;
        """, model, version, count);

    private List<LoggedPrediction> ReadPredictions(string sql, string model, int version, int count)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command(sql);
        command.Add("@model", model);
        command.Add("@version", version);
        command.Add("@count", count);
        using var reader = command.ExecuteReader();
        var predictions = new List<LoggedPrediction>();
        while (reader.Read())
        {
            predictions.Add(new LoggedPrediction(
                reader.GetString(0), reader.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(2)), reader.GetDouble(3),
                JsonSerializer.Deserialize<string?[]>(reader.GetString(4)) ?? [],
                reader.NullableString(5), reader.NullableDouble(6), reader.NullableDouble(7), reader.NullableString(8)));
        }

        return predictions;
    }
}
