using System.Security.Cryptography;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Core.Tests.Storage;

/// <summary>A SQLite store written by Ferry before the registry recorded digests and leases (tests/data/bundles/store-v1:
/// its ferry.db, with iris v1 as champion, whose bundle is iris-v1.ferry).</summary>
public sealed class StoreMigrationTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private string OldStore()
    {
        var store = _files.Path(".ferry");
        Directory.CreateDirectory(Path.Combine(store, "models", "iris", "v1"));
        File.Copy(TestFiles.Data("bundles/store-v1/ferry.db"), Path.Combine(store, "ferry.db"));
        File.Copy(TestFiles.Data("bundles/iris-v1.ferry"), Path.Combine(store, "models", "iris", "v1", ModelRegistry.BundleFileName));
        return store;
    }

    [Fact]
    public void Load_ChampionOfAStoreWrittenBeforeDigests_LoadsAndPinsTheBundlesDigest()
    {
        var registry = ModelRegistry.Open(OldStore());

        var champion = registry.Load("iris", ModelRegistry.Champion);

        Assert.Equal(1, champion.Manifest.Version);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(TestFiles.Data("bundles/iris-v1.ferry")))), registry.Store.BundleSha256("iris", 1));
    }

    [Fact]
    public void Register_InAStoreWrittenBeforeLeases_TakesTheNextNumber()
    {
        var registry = ModelRegistry.Open(OldStore());

        var registered = registry.Register("iris", TimeProvider.System, (version, directory) =>
        {
            File.WriteAllBytes(Path.Combine(directory, ModelRegistry.BundleFileName), [1]);
            return new Ferry.Core.Storage.ModelVersion("iris", version, DateTimeOffset.UnixEpoch, "forest", "accuracy", 0.9, true, "spec", "data", 1);
        });

        Assert.Equal(2, registered.Version);
        Assert.Equal([1, 2], registry.Store.Versions("iris").Select(v => v.Version));
    }

    [Fact]
    public void HoldLease_InAStoreWrittenBeforeTheLeasesTable_TakesAndRefusesTheLease()
    {
        var store = MonitoringStore.Open(OldStore());

        var taken = store.HoldLease("autopilot:iris", "a", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1));

        Assert.True(taken);
        Assert.False(store.HoldLease("autopilot:iris", "b", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(1)));
    }
}
