using Ferry.Core.Spec;
using Ferry.Core.Training;
using Ferry.Testing;

namespace Ferry.Core.Tests.Training;

public sealed class MaxRowsTests
{
    private const string Minimal = "name: m\ntype: binary-classification\ndata: { source: d.csv }\ntarget: y\n";

    [Theory]
    [InlineData("", ProblemSpec.DefaultMaxTrainRows)]
    [InlineData("train: { candidates: [forest] }", ProblemSpec.DefaultMaxTrainRows)]
    [InlineData("train: { max_rows: 5000 }", 5000)]
    [InlineData("train: { max_rows: all }", null)]
    public void Parse_MaxRows_DefaultsToAMillion(string yaml, int? expected) =>
        Assert.Equal(expected, SpecLoader.Parse(Minimal + yaml, "/specs/ferry.yaml").MaxTrainRows);

    [Fact]
    public void Parse_MaxRowsTooSmall_SaysWhatIsAllowed() =>
        Assert.Contains("'train.max_rows' is 50 but must be at least 100, or 'all'",
            Assert.Throws<FerryException>(() => SpecLoader.Parse(Minimal + "train: { max_rows: 50 }", "/specs/ferry.yaml")).Message, StringComparison.Ordinal);

    [Fact]
    public void Prepare_TrainingPartAboveMaxRows_FitsOnASeededSampleAndKeepsTheWholeTestPart()
    {
        using var files = new TestFiles();
        var spec = SpecLoader.Load(files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc", "train: { max_rows: 200, candidates: [logistic, forest] }"));

        var first = PreparedData.Load(spec, null, CancellationToken.None);
        var second = PreparedData.Load(spec, null, CancellationToken.None);
        var all = PreparedData.Load(spec with { MaxTrainRows = null }, null, CancellationToken.None);

        Assert.Equal(200, first.Split.Train.Length);
        Assert.Equal(all.Split.Train.Length - 200, first.Summary.SampledOut);
        Assert.Equal(all.Split.Test, first.Split.Test);
        Assert.Equal(first.Split.Train, second.Split.Train);
        Assert.Subset(all.Split.Train.ToHashSet(), first.Split.Train.ToHashSet());
        Assert.Equal(0, all.Summary.SampledOut);
    }
}
