using System.Data.Common;
using Ferry.Core.Spec;
using Npgsql;

namespace Ferry.Core.Storage;

/// <summary>A store in a PostgreSQL database (`store: postgres://...`), shared by every server and CLI pointed at it:
/// registry, model bundles, prediction log, feedback and alerts. Connections are pooled; schema creation and registry
/// writes take advisory locks, so servers starting together and concurrent trainings do not collide.</summary>
internal sealed class PostgresDatabase(string url) : StoreDatabase
{
    private const string Schema = """
        SELECT pg_advisory_xact_lock(4603770912);
        CREATE TABLE IF NOT EXISTS versions (
            name text NOT NULL, version integer NOT NULL, created_at text NOT NULL, ready integer NOT NULL DEFAULT 0,
            candidate text NOT NULL DEFAULT '', metric text NOT NULL DEFAULT '', metric_value double precision,
            success_met integer NOT NULL DEFAULT 0, spec_hash text NOT NULL DEFAULT '',
            data_fingerprint text NOT NULL DEFAULT '', size_bytes bigint NOT NULL DEFAULT 0,
            PRIMARY KEY (name, version));
        ALTER TABLE versions ADD COLUMN IF NOT EXISTS sha256 text NOT NULL DEFAULT '';
        ALTER TABLE versions ADD COLUMN IF NOT EXISTS owner text NOT NULL DEFAULT '';
        ALTER TABLE versions ADD COLUMN IF NOT EXISTS lease_until bigint NOT NULL DEFAULT 0;
        CREATE TABLE IF NOT EXISTS bundles (
            name text NOT NULL, version integer NOT NULL, sha256 text NOT NULL, content bytea NOT NULL, PRIMARY KEY (name, version));
        UPDATE versions SET sha256 = bundles.sha256 FROM bundles
            WHERE versions.sha256 = '' AND bundles.name = versions.name AND bundles.version = versions.version;
        CREATE TABLE IF NOT EXISTS aliases (
            name text NOT NULL, alias text NOT NULL, version integer NOT NULL, PRIMARY KEY (name, alias));
        CREATE TABLE IF NOT EXISTS alias_history (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL, alias text NOT NULL, version integer NOT NULL, at text NOT NULL);
        CREATE TABLE IF NOT EXISTS predictions (
            seq bigint GENERATED ALWAYS AS IDENTITY, id text PRIMARY KEY, model text NOT NULL, version integer NOT NULL, at bigint NOT NULL,
            latency_ms double precision NOT NULL, input text NOT NULL, label text, value double precision, confidence double precision);
        CREATE INDEX IF NOT EXISTS predictions_by_version ON predictions (model, version, at);
        CREATE INDEX IF NOT EXISTS predictions_by_seq ON predictions (seq);
        CREATE TABLE IF NOT EXISTS feedback (id text PRIMARY KEY, model text NOT NULL, actual text NOT NULL, at bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS request_errors (
            seq bigint GENERATED ALWAYS AS IDENTITY, model text NOT NULL, version integer NOT NULL, at bigint NOT NULL, status integer NOT NULL);
        CREATE INDEX IF NOT EXISTS request_errors_by_model ON request_errors (model, at);
        CREATE TABLE IF NOT EXISTS serving (model text NOT NULL, version integer NOT NULL, at bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS alerts (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, model text NOT NULL, rule text NOT NULL, value double precision,
            threshold double precision, message text NOT NULL, opened_at bigint NOT NULL, resolved_at bigint);
        CREATE UNIQUE INDEX IF NOT EXISTS alerts_open ON alerts (model, rule) WHERE resolved_at IS NULL;
        CREATE TABLE IF NOT EXISTS runs (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, model text NOT NULL, trigger text NOT NULL, stage text NOT NULL, open integer NOT NULL,
            started_at bigint NOT NULL, updated_at bigint NOT NULL, record text NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS runs_open ON runs (model) WHERE open = 1;
        CREATE TABLE IF NOT EXISTS leases (name text PRIMARY KEY, holder text NOT NULL, expires_at bigint NOT NULL);
        CREATE TABLE IF NOT EXISTS webhook_outbox (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, model text NOT NULL, url text NOT NULL, what text NOT NULL, body text NOT NULL,
            at bigint NOT NULL);
        """;

    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(PostgresUrl.ToConnectionString(url)) { Pooling = true }.ToString();

    public override bool HoldsBundles => true;

    /// <summary>200 (1,800 parameters of the 65,535 a statement may have): a round trip per 200 rows instead of per row
    /// is what lets the log keep up with the server (benchmarks/serve/store.sh: 0.52 of SQLite's throughput row by row).</summary>
    public override int PredictionsPerInsert => 200;

    public override void LockModel(DbTransaction transaction, string name)
    {
        using var command = transaction.Connection!.Command("SELECT pg_advisory_xact_lock(hashtext(@name));", transaction);
        command.Add("@name", name);
        command.ExecuteNonQuery();
    }

    public override string PruneSql(string table) => $"DELETE FROM {table} WHERE seq <= (SELECT MAX(seq) FROM {table}) - @keep;";

    public override DbConnection Open(bool durable)
    {
        var connection = new NpgsqlConnection(_connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            connection.Dispose();
            throw new StoreUnavailableException($"the store {PostgresUrl.Redact(url)} cannot be reached: {e.Message}", e);
        }
    }

    public override void CreateSchema()
    {
        using var connection = Open(durable: true);
        using var transaction = connection.BeginTransaction();
        using var command = connection.Command(Schema, transaction);
        command.ExecuteNonQuery();
        transaction.Commit();
    }
}
