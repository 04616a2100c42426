namespace Ferry.Core.Tests.Architecture;

/// <summary>Making a Core type public, or internal, is a conscious change: it changes public-types.txt too.</summary>
public class PublicSurfaceTests
{
    [Fact]
    public void CorePublicTypes_AreAllInTheCommittedList()
    {
        var unlisted = PublicSurface.Built.Except(PublicSurface.Committed).Order(StringComparer.Ordinal).ToList();

        Assert.True(unlisted.Count == 0, "public but not in Architecture/public-types.txt (make them internal, or list them): "
            + string.Join(", ", unlisted));
    }

    [Fact]
    public void CommittedPublicTypes_AreAllPublicInCore()
    {
        var gone = PublicSurface.Committed.Where(name => !PublicSurface.Built.Contains(name)).ToList();

        Assert.True(gone.Count == 0, "listed in Architecture/public-types.txt but not public in Ferry.Core (remove them from the list): "
            + string.Join(", ", gone));
    }

    [Fact]
    public void CommittedPublicTypes_AreSortedOrdinallyWithoutRepeats()
    {
        var sorted = PublicSurface.Committed.Distinct().Order(StringComparer.Ordinal);

        Assert.Equal(sorted, PublicSurface.Committed);
    }
}
