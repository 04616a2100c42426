namespace Ferry.Core.Data.Sources;

/// <summary>How a <see cref="DbQuerySource"/> keeps its query from writing.</summary>
/// <param name="Begin">The statement that opens the query's transaction, or null for none.</param>
/// <param name="OneStatement">True to send the query as one ADO.NET batch command: Npgsql sends a batch command's
/// text unparsed in one Parse message, and PostgreSQL prepares only a single statement, so a second one after a `;`
/// is refused before anything runs.</param>
/// <param name="Rule">What the query is held to, for messages.</param>
internal sealed record DbQueryMode(string? Begin, bool OneStatement, string Rule)
{
    /// <summary>SQLite: the database file is opened read-only, so no statement can write.</summary>
    public static readonly DbQueryMode ReadOnlyConnection = new(null, false, "the database is opened read-only");

    /// <summary>PostgreSQL: one statement in a read-only, repeatable-read transaction, so every pass of a snapshot
    /// sees the same rows and nothing can write (nor commit the transaction and write after it).</summary>
    public static readonly DbQueryMode ReadOnlyTransaction = new(
        "BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY", true, "data.query runs as one statement in a read-only transaction");
}
