using System.Data.Common;

namespace Ferry.Core.Data.Sources;

/// <summary>The rows of a SQL query, read through ADO.NET in a way that cannot write (<see cref="DbQueryMode"/>); the
/// database's own error message is shown. A snapshot keeps one connection (and transaction) for all its passes.</summary>
internal sealed class DbQuerySource(string name, Func<DbConnection> connect, string query, DbQueryMode mode) : IRecordSource
{
    public string Name => name;

    public IRecordCursor Open(CancellationToken cancellationToken)
    {
        var connection = Connect();
        try
        {
            return Query(connection, connection, cancellationToken);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public IRecordSnapshot Snapshot(CancellationToken cancellationToken) => new Held(this, Connect());

    private DbConnection Connect()
    {
        var connection = connect();
        try
        {
            connection.Open();
            if (mode.Begin is { } begin)
            {
                using var command = connection.CreateCommand();
                command.CommandText = begin;
                command.ExecuteNonQuery();
            }

            return connection;
        }
        catch (DbException e)
        {
            connection.Dispose();
            throw Refused(e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>Runs the query on an open connection; the cursor disposes <paramref name="owned"/> with itself (or nothing).</summary>
    private Cursor Query(DbConnection connection, IDisposable? owned, CancellationToken cancellationToken)
    {
        IDisposable? statement = null;
        try
        {
            DbDataReader reader;
            if (mode.OneStatement)
            {
                var batch = connection.CreateBatch();
                statement = batch;
                var command = batch.CreateBatchCommand();
                command.CommandText = query;
                batch.BatchCommands.Add(command);
                reader = batch.ExecuteReader();
            }
            else
            {
                var command = connection.CreateCommand();
                statement = command;
                command.CommandText = query;
                reader = command.ExecuteReader();
            }

            return new Cursor(reader, statement, owned, this, cancellationToken);
        }
        catch (DbException e)
        {
            statement?.Dispose();
            throw Refused(e);
        }
        catch
        {
            statement?.Dispose();
            throw;
        }
    }

    private FerryException Refused(DbException e) =>
        new($"{name}: the database refused the query ({mode.Rule}): {OneLineText.Of(e.Message)}", e);

    /// <summary>One connection for every pass; closing it ends the transaction (nothing was written to commit).</summary>
    private sealed class Held(DbQuerySource source, DbConnection connection) : IRecordSnapshot
    {
        public string Name => source.Name;

        public IRecordCursor Open(CancellationToken cancellationToken) => source.Query(connection, null, cancellationToken);

        public void Dispose() => connection.Dispose();
    }

    private sealed class Cursor : IRecordCursor
    {
        private readonly DbDataReader _reader;
        private readonly IDisposable _statement;
        private readonly IDisposable? _owned;
        private readonly DbQuerySource _source;
        private readonly CancellationToken _cancellationToken;
        private readonly string?[] _cells;
        private int _row;

        public Cursor(DbDataReader reader, IDisposable statement, IDisposable? owned, DbQuerySource source, CancellationToken cancellationToken)
        {
            _reader = reader;
            _statement = statement;
            _owned = owned;
            _source = source;
            _cancellationToken = cancellationToken;
            Columns = Header.Validate([.. Enumerable.Range(0, reader.FieldCount).Select(reader.GetName)], source.Name);
            _cells = new string?[Columns.Count];
        }

        public IReadOnlyList<string> Columns { get; }

        public IReadOnlyList<string?> Cells => _cells;

        public string Location => $"row {_row}";

        public bool MoveNext()
        {
            _cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (!_reader.Read())
                {
                    return false;
                }
            }
            catch (DbException e)
            {
                throw _source.Refused(e);
            }

            _row++;
            for (var i = 0; i < _cells.Length; i++)
            {
                _cells[i] = InvariantText.Of(_reader.IsDBNull(i) ? null : _reader.GetValue(i));
            }

            return true;
        }

        public void Dispose()
        {
            _reader.Dispose();
            _statement.Dispose();
            _owned?.Dispose();
        }
    }
}
