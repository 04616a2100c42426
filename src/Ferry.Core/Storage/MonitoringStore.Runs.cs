using System.Data.Common;
using System.Text.Json;

namespace Ferry.Core.Storage;

/// <summary>The runs of the retraining loop: a row per run, its steps and lineage as JSON; the unique index on open runs
/// makes "one open run per model" hold across every server of a shared store.</summary>
public sealed partial class MonitoringStore : IRunStore
{
    private const string RunColumns = "id, model, trigger, stage, started_at, updated_at, record";

    public RetrainRun? StartRun(string model, string trigger, int champion, DateTimeOffset at)
    {
        var run = new RetrainRun(0, model, trigger, RunStages.Retrain, at, at, champion, null, [new RunStep(RunStages.Retrain, at, $"started by {trigger}")], null);
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("""
            INSERT INTO runs (model, trigger, stage, open, started_at, updated_at, record) VALUES (@model, @trigger, @stage, 1, @at, @at, @record)
            ON CONFLICT DO NOTHING RETURNING id;
            """);
        command.Add("@model", model);
        command.Add("@trigger", trigger);
        command.Add("@stage", run.Stage);
        command.Add("@at", at.ToUnixTimeMilliseconds());
        command.Add("@record", Record(run));
        return command.ScalarInt64() is { } id ? run with { Id = id } : null;
    }

    public void SaveRun(RetrainRun run)
    {
        using var connection = _database.Open(durable: true);
        using var command = connection.Command("UPDATE runs SET stage = @stage, open = @open, updated_at = @at, record = @record WHERE id = @id;");
        command.Add("@stage", run.Stage);
        command.Add("@open", run.IsOpen ? 1 : 0);
        command.Add("@at", run.UpdatedAt.ToUnixTimeMilliseconds());
        command.Add("@record", Record(run));
        command.Add("@id", run.Id);
        command.ExecuteNonQuery();
    }

    public RetrainRun? OpenRun(string model) => ReadRuns($"SELECT {RunColumns} FROM runs WHERE model = @model AND open = 1;", model, 1).FirstOrDefault();

    public IReadOnlyList<RetrainRun> Runs(string model, int limit) =>
        ReadRuns($"SELECT {RunColumns} FROM runs WHERE model = @model ORDER BY id DESC LIMIT @limit;", model, limit);

    public int RunsSince(string model, DateTimeOffset since)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT COUNT(*) FROM runs WHERE model = @model AND started_at >= @since;");
        command.Add("@model", model);
        command.Add("@since", since.ToUnixTimeMilliseconds());
        return (int)(command.ScalarInt64() ?? 0);
    }

    public IReadOnlyDictionary<string, int> RunsByStage(string model)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command("SELECT stage, COUNT(*) FROM runs WHERE model = @model GROUP BY stage;");
        command.Add("@model", model);
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counts[reader.GetString(0)] = (int)reader.Int64(1);
        }

        return counts;
    }

    private List<RetrainRun> ReadRuns(string sql, string model, int limit)
    {
        using var connection = _database.Open(durable: false);
        using var command = connection.Command(sql);
        command.Add("@model", model);
        command.Add("@limit", limit);
        using var reader = command.ExecuteReader();
        var runs = new List<RetrainRun>();
        while (reader.Read())
        {
            runs.Add(Run(reader));
        }

        return runs;
    }

    /// <summary>A run as its row holds it; a record that does not read (changed by hand, cut short) still lists the run,
    /// with its stage and one step saying so, instead of failing every reader of the model's runs.</summary>
    private static RetrainRun Run(DbDataReader reader)
    {
        var (id, stage, updated) = (reader.Int64(0), reader.GetString(3), DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(5)));
        RunRecord record;
        try
        {
            record = JsonSerializer.Deserialize<RunRecord>(reader.GetString(6), BundleJson.Options) is { Steps: not null } read ? read
                : throw new JsonException("the record has no steps");
        }
        catch (JsonException e)
        {
            record = new RunRecord(0, null, [new RunStep(stage, updated, $"the record of run {id} in the store is unreadable ({e.Message})")], null);
        }

        return new RetrainRun(id, reader.GetString(1), reader.GetString(2), stage, DateTimeOffset.FromUnixTimeMilliseconds(reader.Int64(4)), updated,
            record.Champion, record.Challenger, record.Steps, record.Lineage);
    }

    private static string Record(RetrainRun run) =>
        JsonSerializer.Serialize(new RunRecord(run.Champion, run.Challenger, run.Steps, run.Lineage), BundleJson.Options);

    /// <summary>The part of a run kept as JSON in its row.</summary>
    private sealed record RunRecord(int Champion, int? Challenger, IReadOnlyList<RunStep> Steps, RunLineage? Lineage);
}
