namespace Ferry.Core.Data;

/// <summary>A data source that can be read from the start as often as needed (Ferry reads twice:
/// once to infer column kinds and count rows, once to fill typed columns), never holding it all in memory.</summary>
public interface IRecordSource
{
    /// <summary>The name used in messages (a file name, or a database and query).</summary>
    string Name { get; }

    IRecordCursor Open(CancellationToken cancellationToken);

    /// <summary>The source held still for several passes: every cursor the snapshot opens sees the same rows until it
    /// is disposed (a database query runs in one read-only transaction). By default a pass simply reads the source again.</summary>
    IRecordSnapshot Snapshot(CancellationToken cancellationToken) => new RereadSnapshot(this);
}

/// <summary>A source whose passes all see the same rows, holding what that takes (a connection) until disposed.</summary>
public interface IRecordSnapshot : IRecordSource, IDisposable;

/// <summary>One pass over a source: the column names, then one row of text cells at a time.</summary>
public interface IRecordCursor : IDisposable
{
    IReadOnlyList<string> Columns { get; }

    /// <summary>Cells of the current row, as invariant text; null where missing.</summary>
    IReadOnlyList<string?> Cells { get; }

    /// <summary>Where the current row is, for messages: "line 12", "row 3".</summary>
    string Location { get; }

    bool MoveNext();
}
