using Ferry.Server.Models;

namespace Ferry.Server.Tests.Models;

/// <summary>Which side of a canary a prediction id falls on, the same on every replica.</summary>
public sealed class CanaryRouteTests
{
    private static string[] Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7().ToString("N"))];

    [Fact]
    public void Place_OfAnId_IsItsXxHash64WhichEveryProcessComputesAlike()
    {
        // XXH64("abc", seed 0) = 0x44BC2CF5AD770999, the reference implementation's test vector.
        var expected = (0x44BC2CF5AD770999UL >> 11) / (double)(1UL << 53);

        Assert.Equal(expected, CanaryRoute.Place("abc"));
    }

    [Fact]
    public void Takes_AnIdTakenAtAShare_IsTakenAtEveryLargerShare()
    {
        var taken = Ids(1000).Where(id => CanaryRoute.Takes(id, 0.3)).ToArray();

        Assert.NotEmpty(taken);
        Assert.All(taken, id => Assert.True(CanaryRoute.Takes(id, 0.6)));
    }

    [Fact]
    public void Takes_ShareZero_NeverTakesAnId()
    {
        Assert.DoesNotContain(Ids(10_000), id => CanaryRoute.Takes(id, 0));
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.5)]
    public void Takes_ManyIds_TakesTheShareWithinBinomialBounds(double share)
    {
        const int Count = 10_000;
        var bound = 5 * Math.Sqrt(Count * share * (1 - share));

        var taken = Ids(Count).Count(id => CanaryRoute.Takes(id, share));

        Assert.InRange(taken, (Count * share) - bound, (Count * share) + bound);
    }
}
