using Ferry.Core.Monitoring;
using Ferry.Testing;

namespace Ferry.Core.Tests.Monitoring;

public sealed class FeedbackFileTests
{
    /// <summary>A label is final, so one value written two ways must not read as two labels (a false 409 on a retry).</summary>
    [Fact]
    public void Read_OneNumberWrittenThreeWays_GivesOneLabel()
    {
        using var files = new TestFiles();
        var manifest = TrainedBundles.Train(files, "penguins.csv", "regression", "forest").Manifest;

        var items = FeedbackFile.Read(files.Write("labels.csv", "id,actual\na,4200.0\nb,4.2e3\nc,4200\n"), manifest, CancellationToken.None);

        Assert.Equal(["4200", "4200", "4200"], items.Select(item => item.Actual));
    }
}
