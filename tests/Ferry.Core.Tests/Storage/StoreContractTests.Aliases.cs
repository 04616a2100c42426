using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Core.Tests.Storage;

/// <summary>The challenger and canary aliases beside the champion, on every store.</summary>
public abstract partial class StoreContractTests
{
    /// <summary>A registry with versions 1 and 2 of 'm' (the iris bundle), v1 the champion.</summary>
    private ModelRegistry TwoVersions()
    {
        var registry = Registry();
        Register(registry, Fixture);
        Register(registry, Fixture);
        registry.SetChampion("m", 1, DateTimeOffset.UnixEpoch);
        return registry;
    }

    [SkippableFact]
    public void SetCanary_AnotherVersion_IsTheCanaryOnEveryServerOfTheStore()
    {
        TwoVersions().SetCanary("m", 2, DateTimeOffset.UnixEpoch);

        Assert.Equal(2, Registry(OtherMachine).CanaryOf("m", champion: 1));
    }

    [SkippableFact]
    public void SetCanary_TheChampion_IsRefusedAndSetsNothing()
    {
        var registry = TwoVersions();

        var error = Assert.Throws<FerryException>(() => registry.SetCanary("m", 1, DateTimeOffset.UnixEpoch));

        Assert.Equal("v1 is the champion of 'm'; a canary must be another version", error.Message);
        Assert.Null(registry.Alias("m", ModelRegistry.Canary));
    }

    [SkippableFact]
    public void SetCanary_VersionStillBeingWritten_IsRefusedNamingTheReadyVersions()
    {
        var registry = TwoVersions();
        var writing = registry.Store.ReserveVersion("m", DateTimeOffset.UtcNow).Version;

        var error = Assert.Throws<FerryException>(() => registry.SetCanary("m", writing, DateTimeOffset.UnixEpoch));

        Assert.Equal("model 'm' has no version 3 (versions: 1, 2)", error.Message);
        Assert.Null(registry.Alias("m", ModelRegistry.Canary));
    }

    [SkippableFact]
    public void SetCanary_VersionWithOtherInputs_IsRefusedNamingBothSchemas()
    {
        var registry = TwoVersions();
        Register(registry, File.ReadAllBytes(TestFiles.Data("bundles/biomass-tree.ferry")));

        var error = Assert.Throws<FerryException>(() => registry.SetCanary("m", 3, DateTimeOffset.UnixEpoch));

        Assert.StartsWith("v3 of 'm' takes other inputs than the champion v1 (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("a canary answers the champion's requests, so it needs the same inputs", error.Message, StringComparison.Ordinal);
        Assert.Null(registry.Alias("m", ModelRegistry.Canary));
    }

    [SkippableFact]
    public void CanaryOf_AliasAtTheChampionAfterARollback_IsNull()
    {
        var registry = TwoVersions();
        registry.SetChampion("m", 2, DateTimeOffset.UnixEpoch);
        registry.SetCanary("m", 1, DateTimeOffset.UnixEpoch);

        registry.Rollback("m");

        Assert.Equal(1, registry.Alias("m", ModelRegistry.Canary));
        Assert.Null(registry.CanaryOf("m", champion: 1));
    }

    [SkippableFact]
    public void EndCanary_WithACanary_RemovesItAndReturnsItsVersion()
    {
        var registry = TwoVersions();
        registry.SetCanary("m", 2, DateTimeOffset.UnixEpoch);

        var ended = Registry(OtherMachine).EndCanary("m");

        Assert.Equal(2, ended);
        Assert.Null(registry.CanaryOf("m", champion: 1));
    }

    [SkippableFact]
    public void EndCanaryAndEndChallenge_WithoutTheAlias_ReturnNull()
    {
        var registry = TwoVersions();

        Assert.Null(registry.EndCanary("m"));
        Assert.Null(registry.EndChallenge("m"));
    }

    [SkippableFact]
    public void EndChallenge_WithAChallenger_RemovesItAndReturnsItsVersion()
    {
        var registry = TwoVersions();
        registry.Challenge("m", 2, DateTimeOffset.UnixEpoch);

        var ended = registry.EndChallenge("m");

        Assert.Equal(2, ended);
        Assert.Null(registry.ChallengerOf("m", champion: 1));
    }

    [SkippableFact]
    public void SetChampion_TheCanaryAndChallenger_EndsBothAliases()
    {
        var registry = TwoVersions();
        registry.Challenge("m", 2, DateTimeOffset.UnixEpoch);
        registry.SetCanary("m", 2, DateTimeOffset.UnixEpoch);

        registry.SetChampion("m", 2, DateTimeOffset.UnixEpoch);

        Assert.Equal(2, registry.Alias("m", ModelRegistry.Champion));
        Assert.Equal([null, null], new[] { registry.Alias("m", ModelRegistry.Canary), registry.Alias("m", ModelRegistry.Challenger) });
    }

    [SkippableFact]
    public void SetChampion_AnotherVersionThanTheCanary_LeavesTheCanary()
    {
        var registry = TwoVersions();
        Register(registry, Fixture);
        registry.SetCanary("m", 2, DateTimeOffset.UnixEpoch);

        registry.SetChampion("m", 3, DateTimeOffset.UnixEpoch);

        Assert.Equal(2, registry.CanaryOf("m", champion: 3));
    }
}
