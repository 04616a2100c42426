using System.Data.Common;

namespace Ferry.Core.Storage;

/// <summary>The database behind a store: how to open a connection, and the few statements whose SQL differs between
/// SQLite (the default: ferry.db in the store directory) and PostgreSQL (one store shared by several servers).
/// Everything else is the same SQL for both, with @named parameters.</summary>
internal abstract class StoreDatabase
{
    /// <summary>SQLite in <paramref name="directory"/>, or the PostgreSQL database at <paramref name="url"/> when there is one.</summary>
    public static StoreDatabase Open(string directory, string? url) =>
        url is null ? new SqliteDatabase(directory) : new PostgresDatabase(url);

    /// <summary>True when model bundles are kept in the database (so every server reads the same bytes); false when
    /// the store directory's files are the bundles.</summary>
    public abstract bool HoldsBundles { get; }

    /// <summary>Predictions written by one INSERT statement of the prediction log.</summary>
    public abstract int PredictionsPerInsert { get; }

    /// <summary>Runs first in a registry write: serializes the writers of one model name until the transaction ends.</summary>
    public abstract void LockModel(DbTransaction transaction, string name);

    /// <summary>Deletes all but the latest @keep rows of <paramref name="table"/> (predictions or request_errors), in the
    /// order they were written.</summary>
    public abstract string PruneSql(string table);

    /// <summary>An open connection; <paramref name="durable"/> asks that a commit survives a crash of the machine.</summary>
    public abstract DbConnection Open(bool durable);

    /// <summary>Creates the tables if they are missing.</summary>
    public abstract void CreateSchema();
}
