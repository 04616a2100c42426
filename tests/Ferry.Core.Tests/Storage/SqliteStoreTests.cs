namespace Ferry.Core.Tests.Storage;

/// <summary>The store contract on the default store: ferry.db in the store directory.</summary>
public sealed class SqliteStoreTests : StoreContractTests
{
    protected override string? Url() => null;
}
