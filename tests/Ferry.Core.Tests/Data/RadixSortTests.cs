using Ferry.Core.Data;

namespace Ferry.Core.Tests.Data;

public sealed class RadixSortTests
{
    private static double[] Values(int count, int seed)
    {
        var random = new Random(seed);
        double[] specials = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue];
        return [.. Enumerable.Range(0, count).Select(i => i % 97 == 0 ? specials[i % specials.Length]
            : i % 5 == 0 ? Math.Round(random.NextDouble() * 10) - 5
            : (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)))];
    }

    [Theory]
    [InlineData(100)]
    [InlineData(50_000)]
    public void Sort_GivesWhatArraySortGives(int count)
    {
        var values = Values(count, count);
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits).Select(bits => bits == long.MinValue ? 0 : bits),
            values.Select(BitConverter.DoubleToInt64Bits).Select(bits => bits == long.MinValue ? 0 : bits));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(50_000)]
    public void SortFloats_GivesWhatSpanSortGives(int count)
    {
        var values = Values(count, count + 1).Select(v => (float)v).ToArray();
        var expected = values.ToArray();
        Array.Sort(expected);

        RadixSort.Sort(values, new uint[count + 3]);

        Assert.Equal(expected.Select(v => v == 0 ? 0 : BitConverter.SingleToInt32Bits(v)), values.Select(v => v == 0 ? 0 : BitConverter.SingleToInt32Bits(v)));
    }

    [Fact]
    public void CountSorted_GivesTheCountsOfCount()
    {
        var values = Values(20_000, 3).Where(double.IsFinite).ToArray();
        Array.Sort(values);
        double[] edges = [-1000, -5, -1, 0, 0.5, 1, 3, 5, 1e6];

        Assert.Equal(Bins.Count(values, edges), Bins.CountSorted(values, edges));
    }
}
