using Ferry.Core.Preparation;

namespace Ferry.Core.Tests.Preparation;

public sealed class SplitterTests
{
    private static readonly int[] s_rows = [.. Enumerable.Range(0, 100)];

    // 70 rows of class 0, 30 of class 1.
    private static readonly int[] s_classes = [.. s_rows.Select(row => row < 70 ? 0 : 1)];

    [Fact]
    public void TrainTest_Stratified_KeepsClassRatiosInBothParts()
    {
        var split = Splitter.TrainTest(s_rows, 0.2, s_classes, seed: 7);

        Assert.Equal(20, split.Test.Length);
        Assert.Equal(14, split.Test.Count(row => s_classes[row] == 0));
        Assert.Equal(6, split.Test.Count(row => s_classes[row] == 1));
        Assert.Empty(split.Train.Intersect(split.Test));
        Assert.Equal(s_rows, split.Train.Concat(split.Test).Order());
    }

    [Fact]
    public void TrainTest_ClassesOfOneRowEach_StillHoldOutOneTestRow()
    {
        var split = Splitter.TrainTest([0, 1, 2], 0.2, [0, 1, 2], seed: 7);

        Assert.Single(split.Test);
        Assert.Equal([0, 1, 2], split.Train.Concat(split.Test).Order());
    }

    [Fact]
    public void TrainTest_SameSeed_GivesSameSplit()
    {
        var first = Splitter.TrainTest(s_rows, 0.25, null, seed: 3);
        var second = Splitter.TrainTest(s_rows, 0.25, null, seed: 3);
        var other = Splitter.TrainTest(s_rows, 0.25, null, seed: 4);

        Assert.Equal(first.Test, second.Test);
        Assert.NotEqual(first.Test.Order(), other.Test.Order());
    }

    [Fact]
    public void Folds_Stratified_KeepClassCountsWithinOneRow()
    {
        var folds = Splitter.Folds(s_rows, 4, s_classes, seed: 1);

        foreach (var cls in new[] { 0, 1 })
        {
            var counts = folds.Select(fold => fold.Count(row => s_classes[row] == cls)).ToArray();
            Assert.True(counts.Max() - counts.Min() <= 1, $"class {cls} counts per fold: {string.Join(",", counts)}");
        }

        Assert.Equal(s_rows, folds.SelectMany(f => f).Order());
    }
}
