using Ferry.Core.Bundles;
using Ferry.Server.Models;
using Ferry.Testing;

namespace Ferry.Server.Tests.Models;

/// <summary>Which model of a host's set answers a request, by the request's first prediction id.</summary>
public sealed class ServingTests
{
    private static readonly LoadedModel s_champion = new(BundleFile.Read(TestFiles.Data("bundles/iris-v1.ferry")));
    private static readonly LoadedModel s_canary = new(BundleFile.Read(TestFiles.Data("bundles/iris-mlp.ferry")));

    private static string[] Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7().ToString("N"))];

    [Fact]
    public void Answering_WithACanary_IsTheCanaryExactlyForTheIdsTheRouteTakes()
    {
        var serving = new Serving(s_champion, null, s_canary, 0.5);
        var ids = Ids(1000);

        var answering = ids.Select(serving.Answering).ToArray();

        Assert.Equal(ids.Select(id => CanaryRoute.Takes(id, 0.5) ? s_canary : s_champion), answering);
        Assert.Contains(s_canary, answering);
        Assert.Contains(s_champion, answering);
    }

    [Fact]
    public void Answering_WithoutACanary_IsAlwaysTheChampion()
    {
        var serving = new Serving(s_champion, s_canary, null, 0.5);

        Assert.All(Ids(1000), id => Assert.Same(s_champion, serving.Answering(id)));
    }

    [Fact]
    public void Answering_ShareZero_IsAlwaysTheChampion()
    {
        var serving = new Serving(s_champion, null, s_canary, 0);

        Assert.All(Ids(1000), id => Assert.Same(s_champion, serving.Answering(id)));
    }
}
