using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Ferry.Core.Storage;

/// <summary>The default store database: ferry.db in the store directory, in WAL mode. A durable connection commits
/// with synchronous=FULL; the others with NORMAL.</summary>
internal sealed class SqliteDatabase : StoreDatabase
{
    private const string Schema = """
        PRAGMA journal_mode=WAL;
        CREATE TABLE IF NOT EXISTS versions (
            name TEXT NOT NULL, version INTEGER NOT NULL, created_at TEXT NOT NULL, ready INTEGER NOT NULL DEFAULT 0,
            candidate TEXT NOT NULL DEFAULT '', metric TEXT NOT NULL DEFAULT '', metric_value REAL,
            success_met INTEGER NOT NULL DEFAULT 0, spec_hash TEXT NOT NULL DEFAULT '',
            data_fingerprint TEXT NOT NULL DEFAULT '', size_bytes INTEGER NOT NULL DEFAULT 0,
            sha256 TEXT NOT NULL DEFAULT '', owner TEXT NOT NULL DEFAULT '', lease_until INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS aliases (
            name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, PRIMARY KEY (name, alias));
        CREATE TABLE IF NOT EXISTS alias_history (
            id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, alias TEXT NOT NULL, version INTEGER NOT NULL, at TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS predictions (
            id TEXT PRIMARY KEY, model TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL, latency_ms REAL NOT NULL,
            input TEXT NOT NULL, label TEXT, value REAL, confidence REAL);
        CREATE INDEX IF NOT EXISTS predictions_by_version ON predictions (model, version, at);
        CREATE TABLE IF NOT EXISTS feedback (id TEXT PRIMARY KEY, model TEXT NOT NULL, actual TEXT NOT NULL, at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS request_errors (model TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL, status INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS request_errors_by_model ON request_errors (model, at);
        CREATE TABLE IF NOT EXISTS serving (model TEXT NOT NULL, version INTEGER NOT NULL, at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS alerts (
            id INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, rule TEXT NOT NULL, value REAL, threshold REAL,
            message TEXT NOT NULL, opened_at INTEGER NOT NULL, resolved_at INTEGER);
        CREATE UNIQUE INDEX IF NOT EXISTS alerts_open ON alerts (model, rule) WHERE resolved_at IS NULL;
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, trigger TEXT NOT NULL, stage TEXT NOT NULL, open INTEGER NOT NULL,
            started_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, record TEXT NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS runs_open ON runs (model) WHERE open = 1;
        CREATE TABLE IF NOT EXISTS leases (name TEXT NOT NULL PRIMARY KEY, holder TEXT NOT NULL, expires_at INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS webhook_outbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT, model TEXT NOT NULL, url TEXT NOT NULL, what TEXT NOT NULL, body TEXT NOT NULL, at INTEGER NOT NULL);
        """;

    private readonly string _connectionString;

    public SqliteDatabase(string directory)
    {
        if (File.Exists(directory))
        {
            throw new FerryException($"the store {directory} is a file; a SQLite store is a directory (set 'store:' in the spec to another path)");
        }

        Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, "ferry.db"), DefaultTimeout = 30 }.ToString();
    }

    public override bool HoldsBundles => false;

    /// <summary>One: SQLite is in-process, so a one-row statement prepared once and run per row costs no round trip, and
    /// binding a many-row statement's parameters by name costs more than it saves (measured: benchmarks/serve/store.sh).</summary>
    public override int PredictionsPerInsert => 1;

    /// <summary>Nothing to do: a SQLite write transaction (BEGIN IMMEDIATE) already holds the database's write lock.</summary>
    public override void LockModel(DbTransaction transaction, string name)
    {
    }

    public override string PruneSql(string table) => $"DELETE FROM {table} WHERE rowid <= (SELECT MAX(rowid) FROM {table}) - @keep;";

    public override DbConnection Open(bool durable)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = durable ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
        return connection;
    }

    public override void CreateSchema()
    {
        using var connection = Open(durable: false);
        using var command = connection.CreateCommand();
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        AddVersionColumns(connection);
    }

    /// <summary>The columns of versions added after its first release (a store written by an earlier Ferry lacks them),
    /// added in one write transaction so that two processes opening the store together do not both add them. A store
    /// that has them is only read (it may be read-only).</summary>
    private static void AddVersionColumns(DbConnection connection)
    {
        if (MissingVersionColumns(connection, null).Count == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        foreach (var column in MissingVersionColumns(connection, transaction))
        {
            using var command = connection.Command($"ALTER TABLE versions ADD COLUMN {column};", transaction);
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static List<string> MissingVersionColumns(DbConnection connection, DbTransaction? transaction)
    {
        string[] added = ["sha256 TEXT NOT NULL DEFAULT ''", "owner TEXT NOT NULL DEFAULT ''", "lease_until INTEGER NOT NULL DEFAULT 0"];
        using var command = connection.Command("SELECT name FROM pragma_table_info('versions');", transaction);
        var present = new HashSet<string>(StringComparer.Ordinal);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            present.Add(reader.GetString(0));
        }

        return [.. added.Where(c => !present.Contains(c[..c.IndexOf(' ', StringComparison.Ordinal)]))];
    }
}
