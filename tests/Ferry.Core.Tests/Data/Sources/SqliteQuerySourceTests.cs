using Ferry.Core.Data;
using Ferry.Core.Spec;
using Ferry.Testing;
using Microsoft.Data.Sqlite;

namespace Ferry.Core.Tests.Data.Sources;

/// <summary>A sqlite: data source opens the database read-only: no statement of its query can write.</summary>
public sealed class SqliteQuerySourceTests
{
    private static string NewDatabase(TestFiles files)
    {
        var path = files.Path("data.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "CREATE TABLE t (id INTEGER, label TEXT); INSERT INTO t VALUES (1, 'a'), (2, 'b'); CREATE TABLE keepme (id INTEGER);";
        command.ExecuteNonQuery();
        return path;
    }

    private static string Tables(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)";
        return (string)command.ExecuteScalar()!;
    }

    private static string Labels(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(label, ',') FROM (SELECT label FROM t ORDER BY id)";
        return (string)command.ExecuteScalar()!;
    }

    [Theory]
    [InlineData("DROP TABLE keepme; SELECT * FROM t")]
    [InlineData("UPDATE t SET label = 'x' RETURNING *")]
    [InlineData("DELETE FROM t RETURNING *")]
    [InlineData("WITH gone AS (SELECT * FROM t) INSERT INTO t SELECT * FROM gone RETURNING *")]
    public void Load_QueryThatWrites_IsRefusedAndChangesNothing(string query)
    {
        using var files = new TestFiles();
        var path = NewDatabase(files);

        var message = Assert.Throws<FerryException>(() =>
            TableLoader.Load(new DataSpec($"sqlite:{path}", Query: query), files.Directory, LoadOptions.None, CancellationToken.None)).Message;

        Assert.Contains("the database refused the query (the database is opened read-only)", message, StringComparison.Ordinal);
        Assert.Contains("readonly database", message, StringComparison.Ordinal);
        Assert.Equal("keepme,t", Tables(path));
        Assert.Equal("a,b", Labels(path));
    }
}
