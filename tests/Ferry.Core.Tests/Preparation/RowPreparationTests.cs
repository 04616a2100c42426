using Ferry.Core.Data;
using Ferry.Core.Preparation;
using Ferry.Testing;

namespace Ferry.Core.Tests.Preparation;

public sealed class RowPreparationTests
{
    private static DataTable Table(string csv)
    {
        using var files = new TestFiles();
        return TableLoader.Load(files.Write("t.csv", csv));
    }

    [Fact]
    public void ForwardFill_TakesTheLastPresentValueAbove()
    {
        var table = Table("a,b\n1,x\n,\n,z\n4,\n");

        RowPreparation.ForwardFill(table, [0, 1]);

        Assert.Equal([1, 1, 1, 4], table.Numbers(0));
        Assert.Equal(["x", "x", "z", "z"], table.Texts(1).Select(t => t!));
    }

    [Fact]
    public void DropOutliers_UsesQuartilesOfTheGivenRowsOnly()
    {
        var table = Table("a\n1\n2\n3\n4\n100\n-1000\n");

        Assert.Equal([0, 1, 2, 3], RowPreparation.DropOutliers(table, [0, 1, 2, 3, 4], [0]));
    }

    [Fact]
    public void DropMissing_RemovesRowsMissingTheColumn()
    {
        var table = Table("a,b\n1,x\n,y\n3,\n");

        Assert.Equal([0, 2], RowPreparation.DropMissing(table, [0, 1, 2], [0]));
    }

    [Fact]
    public void ByTime_TestPartIsTheLatestRows_AndTimeFoldsNeverValidateEarlierThanTheyFit()
    {
        double[] time = [5, 1, 4, 2, 3, 9, 8, 7, 6, 0];
        var rows = Enumerable.Range(0, 10).ToArray();

        var split = Splitter.ByTime(rows, time, 0.2);
        var folds = Splitter.TimeFolds(split.Train, time, 3);

        Assert.Equal([6, 5], split.Test);
        Assert.True(split.Train.Max(row => time[row]) < split.Test.Min(row => time[row]));
        Assert.Equal(3, folds.Count);
        foreach (var (fit, validate) in folds)
        {
            Assert.True(fit.Max(row => time[row]) < validate.Min(row => time[row]));
        }
    }
}
