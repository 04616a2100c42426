using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Testing;
using Npgsql;

namespace Ferry.Core.Tests.Data.Sources;

/// <summary>A postgres:// data source runs its query as one statement in one read-only, repeatable-read transaction
/// (a fresh database per test, on a real server): nothing it sends can write, and both loading passes see the same rows.</summary>
public sealed class PostgresQuerySourceTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Rows = "id,label\n1,a\n2,b\n3,c";

    private string NewDatabase()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
        var url = postgres.NewDatabase();
        Execute(url, """
            CREATE TABLE t (id integer PRIMARY KEY, label text);
            INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c');
            CREATE TABLE keepme (id integer);
            CREATE FUNCTION bump() RETURNS integer LANGUAGE sql AS 'INSERT INTO t VALUES (4, ''d'') RETURNING id';
            """);
        return url;
    }

    private static void Execute(string url, string sql)
    {
        using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string Contents(string url)
    {
        using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT string_agg(id || ',' || label, E'\\n' ORDER BY id) FROM t";
        return "id,label\n" + command.ExecuteScalar();
    }

    private static bool KeepmeExists(string url)
    {
        using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT to_regclass('keepme') IS NOT NULL";
        return (bool)command.ExecuteScalar()!;
    }

    private static DataTable Load(IRecordSource source) => TableLoader.Load(source, LoadOptions.None, CancellationToken.None);

    private static DataTable Load(string url, string query) => Load(RecordSources.For(new DataSpec(url, Query: query), "."));

    [SkippableTheory]
    [InlineData("DROP TABLE keepme; SELECT * FROM t")]
    [InlineData("SELECT * FROM t; DROP TABLE keepme")]
    [InlineData("SELECT * FROM t; COMMIT; DROP TABLE keepme")]
    public void Load_SecondStatement_IsRefusedAndTheTableStays(string query)
    {
        var url = NewDatabase();

        var message = Assert.Throws<FerryException>(() => Load(url, query)).Message;

        Assert.Contains("cannot insert multiple commands into a prepared statement", message, StringComparison.Ordinal);
        Assert.True(KeepmeExists(url));
    }

    [SkippableTheory]
    [InlineData("UPDATE t SET label = 'x' RETURNING *")]
    [InlineData("INSERT INTO t VALUES (4, 'd') RETURNING *")]
    [InlineData("DELETE FROM t RETURNING *")]
    [InlineData("WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone")]
    [InlineData("SELECT bump() AS id, 'z' AS label")]
    [InlineData("SELECT set_config('transaction_read_only', 'off', false) AS id, label FROM t")]
    public void Load_QueryThatWrites_IsRefusedAndChangesNothing(string query)
    {
        var url = NewDatabase();

        var message = Assert.Throws<FerryException>(() => Load(url, query)).Message;

        Assert.StartsWith("postgres 127.0.0.1:", message, StringComparison.Ordinal);
        Assert.Contains("the database refused the query (data.query runs as one statement in a read-only transaction)", message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.Equal(Rows, Contents(url));
    }

    [SkippableFact]
    public void Load_RowInsertedBetweenThePasses_LoadsTheFirstPassSnapshot()
    {
        var url = NewDatabase();
        var source = new InsertingBetweenPasses(RecordSources.For(new DataSpec(url, Query: "SELECT id, label FROM t ORDER BY id DESC"), "."),
            () => Execute(url, "INSERT INTO t VALUES (0, 'new'); UPDATE t SET label = 'changed' WHERE id = 3"));

        var table = Load(source);

        Assert.Equal(1, source.Inserted);
        Assert.Equal(["c", "b", "a"], table.Texts(1));
        Assert.Equal([3f, 2f, 1f], table.Numbers(0));
    }

    /// <summary>Lets another connection write after the first pass of a snapshot has been read.</summary>
    private sealed class InsertingBetweenPasses(IRecordSource inner, Action write) : IRecordSource
    {
        public int Inserted { get; private set; }

        public void Write()
        {
            write();
            Inserted++;
        }

        public string Name => inner.Name;

        public IRecordCursor Open(CancellationToken cancellationToken) => inner.Open(cancellationToken);

        public IRecordSnapshot Snapshot(CancellationToken cancellationToken) => new Held(this, inner.Snapshot(cancellationToken));

        private sealed class Held(InsertingBetweenPasses owner, IRecordSnapshot snapshot) : IRecordSnapshot
        {
            private int _passes;

            public string Name => snapshot.Name;

            public IRecordCursor Open(CancellationToken cancellationToken)
            {
                if (_passes++ == 1)
                {
                    owner.Write();
                }

                return snapshot.Open(cancellationToken);
            }

            public void Dispose() => snapshot.Dispose();
        }
    }
}
