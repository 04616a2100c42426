using System.Globalization;
using System.Text;
using System.Text.Json;
using Ferry.Core.Features;
using Ferry.Core.Lifecycle;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

public sealed class LeakageTests
{
    /// <summary>x grows with time, and the test part is the latest fifth of the rows, so any statistic fitted on
    /// the full data differs from the one fitted on the training part. The bundle must hold the training-part ones.</summary>
    [Fact]
    public void Train_FittedStatistics_ComeFromTrainingRowsOnly()
    {
        using var files = new TestFiles();
        var csv = new StringBuilder("day,x,y\n");
        for (var i = 0; i < 200; i++)
        {
            var cell = i % 10 == 3 ? "" : (i * 1.5).ToString(CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{new DateTime(2024, 1, 1).AddDays(i):yyyy-MM-dd},{cell},{(i % 3 == 0 ? "a" : "b")}\n");
        }

        files.Write("grow.csv", csv.ToString());
        var spec = SpecLoader.Load(files.Write("ferry.yaml", """
            name: grow
            type: binary-classification
            data: { source: grow.csv }
            target: y
            split: { by: day, test: 0.2 }
            prepare: { outliers: { x: iqr-clip } }
            train: { candidates: [logistic] }
            """));

        var outcome = new TrainingPipeline(TimeProvider.System).Run(spec, null, CancellationToken.None);

        var trainRows = JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(outcome.BundlePath)!, "holdout.json")))
            .RootElement.GetProperty("trainRows").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        Assert.Equal(160, trainRows.Length);
        Assert.Equal(159, trainRows.Max());
        var train = trainRows.Where(i => i % 10 != 3).Select(i => i * 1.5).Order().ToArray();
        var all = Enumerable.Range(0, 200).Where(i => i % 10 != 3).Select(i => i * 1.5).Order().ToArray();
        var x = outcome.Manifest.Features.Single(f => f.Column == "x");
        var median = (train[train.Length / 2 - 1] + train[train.Length / 2]) / 2;
        var filled = trainRows.Select(i => i % 10 == 3 ? median : i * 1.5).ToArray();
        Assert.Equal(median, x.Fill, 9);
        Assert.Equal(filled.Average(), x.Center[0], 9);
        Assert.NotEqual(all.Average(), x.Center[0], 3);
        Assert.Equal(Ferry.Core.Data.Statistics.IqrBounds(train).High, x.ClipHigh, 9);
        Assert.NotEqual(Ferry.Core.Data.Statistics.IqrBounds(all).High, x.ClipHigh, 3);
        Assert.Equal(FeatureEncoding.DateParts, outcome.Manifest.Features.Single(f => f.Column == "day").Encoding);
        Assert.Equal(new DateTime(2024, 1, 1).AddDays(159), Ferry.Core.Data.ValueParser.FromDays(outcome.Manifest.Features.Single(f => f.Column == "day").DateReference));
    }
}
