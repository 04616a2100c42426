using Ferry.Testing;

namespace Ferry.Core.Tests.Storage;

/// <summary>The store contract on a PostgreSQL store (a fresh database per test) on a real server.</summary>
public sealed class PostgresStoreTests(PostgresServer postgres) : StoreContractTests, IClassFixture<PostgresServer>
{
    private string? _url;

    protected override string? Url()
    {
        Skip.If(postgres.Url is null && !PostgresServer.Required, postgres.Unavailable);
        Assert.True(postgres.Url is not null, postgres.Unavailable);
        return _url ??= postgres.NewDatabase();
    }
}
