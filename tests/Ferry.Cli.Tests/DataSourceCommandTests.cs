using Ferry.Testing;
using Npgsql;

namespace Ferry.Cli.Tests;

/// <summary>`ferry train` on a postgres:// data source whose query would write: one line naming the source, exit 1.</summary>
public sealed class DataSourceCommandTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [SkippableFact]
    public async Task Train_PostgresQueryThatWrites_IsRefusedInOneLineNamingTheSource()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
        var url = postgres.NewDatabase();
        await using (var connection = new NpgsqlConnection(Ferry.Core.Spec.PostgresUrl.ToConnectionString(url)))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE t (x integer, y text); INSERT INTO t SELECT i, CASE WHEN i % 2 = 0 THEN 'a' ELSE 'b' END FROM generate_series(1, 20) i;";
            await command.ExecuteNonQueryAsync();
        }

        using var files = new TestFiles();
        var spec = files.Write("ferry.yaml", $"""
            name: m
            type: binary-classification
            data:
              source: "{url}"
              query: |
                UPDATE t SET y = 'a'
                RETURNING *
            target: y
            """);

        var result = await CliRunner.RunAsync("train", spec);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: postgres 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains("(UPDATE t SET y = 'a' RETURNING *): the database refused the query", line, StringComparison.Ordinal);
        Assert.Contains("cannot execute UPDATE in a read-only transaction", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }
}
