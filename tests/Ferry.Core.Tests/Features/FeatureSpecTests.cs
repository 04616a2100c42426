using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Features;

/// <summary>Each `features:` and `prepare:` option, fitted on rows 0-3 of a small table and checked by hand.</summary>
public sealed class FeatureSpecTests
{
    private const string Csv = """
        income,size,joined,colour
        10,S,2024-01-01 06:00:00,red
        100,L,2024-03-15 18:00:00,blue
        1000,M,2024-07-04 12:00:00,red
        ,S,,
        5,XL,2023-01-01 00:00:00,green
        """;

    private static Featurizer Fit(FeatureSpec features, PrepareSpec? prepare = null)
    {
        using var files = new TestFiles();
        var table = TableLoader.Load(new DataSpec(files.Write("t.csv", Csv)), files.Directory,
            new LoadOptions { Categories = new HashSet<string>(features.Encode.Keys) }, CancellationToken.None);
        return FeaturizerEstimator.Fit(table, [0, 1, 2, 3], [0, 1, 2, 3], features, prepare ?? PrepareSpec.Default);
    }

    private static ColumnFeature Column(Featurizer featurizer, string name) => featurizer.Features.Single(f => f.Column == name);

    [Fact]
    public void TransformInput_EachInputMasked_GivesTheFullTransformOfTheMaskedRow()
    {
        var featurizer = Fit(FeatureSpec.Default with
        {
            Encode = new Dictionary<string, IReadOnlyList<string>?> { ["colour"] = null },
            Dates = new Dictionary<string, IReadOnlyList<string>> { ["joined"] = ["year", "month"] },
            Derive = new Dictionary<string, string> { ["double_income"] = "income * 2" },
        });
        var row = new Ferry.Core.Prediction.InputRow(4);
        row.SetNumber(0, 100);
        row.SetText(1, "L");
        ValueParser.TryDate("2024-03-15 18:00:00", out var days);
        row.SetNumber(2, days);
        row.SetText(3, "blue");
        var full = new float[featurizer.SlotCount];
        featurizer.Transform(row, full);

        for (var input = 0; input < featurizer.Inputs.Count; input++)
        {
            var expected = new float[featurizer.SlotCount];
            featurizer.Transform(new MaskedRow<Ferry.Core.Prediction.InputRow>(row, input), expected);
            var slots = (float[])full.Clone();

            featurizer.TransformInput(new MaskedRow<Ferry.Core.Prediction.InputRow>(row, input), input, slots);
            Assert.Equal(expected, slots);
            featurizer.TransformInput(row, input, slots);
            Assert.Equal(full, slots);
        }
    }

    [Fact]
    public void MinMaxScale_UsesTrainingMinimumAndRange()
    {
        var income = Column(Fit(FeatureSpec.Default with { Scale = ScaleKind.MinMax }), "income");

        Assert.Equal(10, income.Center[0]);
        Assert.Equal(990, income.Scale[0]);
    }

    [Fact]
    public void OrdinalEncoding_KeepsTheGivenOrder()
    {
        var size = Column(Fit(FeatureSpec.Default with
        {
            Scale = ScaleKind.None,
            Encode = new Dictionary<string, IReadOnlyList<string>?> { ["size"] = ["S", "M", "L"] },
        }), "size");

        Assert.Equal(FeatureEncoding.Ordinal, size.Encoding);
        Assert.Equal(["S", "M", "L"], size.Categories);
    }

    [Fact]
    public void DateParts_AllKinds_AreComputedWithDaysSinceFromTheLatestTrainingDate()
    {
        var featurizer = Fit(FeatureSpec.Default with
        {
            Scale = ScaleKind.None,
            Dates = new Dictionary<string, IReadOnlyList<string>> { ["joined"] = ["year", "month", "day", "dayofweek", "hour", "quarter", "days_since"] },
        });
        var slots = new float[featurizer.SlotCount];
        var row = new Ferry.Core.Prediction.InputRow(4);
        row.SetNumber(0, 10);
        row.SetText(1, "S");
        ValueParser.TryDate("2024-03-15 18:00:00", out var days);
        row.SetNumber(2, days);
        row.SetText(3, "red");

        featurizer.Transform(row, slots);

        var joined = featurizer.SlotNames.Select((name, i) => (name, i)).Where(p => p.name.StartsWith("joined.", StringComparison.Ordinal)).ToDictionary(p => p.name, p => slots[p.i]);
        Assert.Equal(2024, joined["joined.year"]);
        Assert.Equal(3, joined["joined.month"]);
        Assert.Equal(15, joined["joined.day"]);
        Assert.Equal((float)DayOfWeek.Friday, joined["joined.dayofweek"]);
        Assert.Equal(18, joined["joined.hour"]);
        Assert.Equal(1, joined["joined.quarter"]);
        Assert.Equal(110.75, joined["joined.days_since"], 3);
    }

    [Fact]
    public void Bins_OneHotTheBinAndClampOutsideValues()
    {
        var featurizer = Fit(FeatureSpec.Default with { Bins = new Dictionary<string, IReadOnlyList<double>> { ["income"] = [0, 50, 500, 5000] } });
        var income = Column(featurizer, "income");

        Assert.Equal(["income[0, 50)", "income[50, 500)", "income[500, 5000)"], income.SlotNames);
        Assert.Equal(0, income.BinOf(-3));
        Assert.Equal(1, income.BinOf(50));
        Assert.Equal(2, income.BinOf(1e9));
    }

    [Fact]
    public void Log_IsAppliedBeforeScalingAndToTheFill()
    {
        var income = Column(Fit(FeatureSpec.Default with { Scale = ScaleKind.None, Log = ["income"] }), "income");

        Assert.True(income.Log);
        Assert.Equal(Math.Log(101), income.Fill, 12);
    }

    [Fact]
    public void Derive_IsAColumnAfterTheInputsWithItsOwnFill()
    {
        var featurizer = Fit(FeatureSpec.Default with { Scale = ScaleKind.None, Derive = new Dictionary<string, string> { ["half"] = "income / 2" } });
        var half = Column(featurizer, "half");

        Assert.Equal("half", featurizer.SlotNames[^1]);
        Assert.Equal(50, half.Fill);
    }

    [Theory]
    [InlineData("mean", 370.0)]
    [InlineData("median", 100.0)]
    [InlineData("constant:7", 7.0)]
    [InlineData("ffill", 1000.0)]
    public void MissingRules_FillFromTrainingRows(string rule, double fill)
    {
        var prepare = PrepareSpec.Default with { Missing = new Dictionary<string, MissingRule> { ["income"] = MissingRule.Parse(rule)! } };

        Assert.Equal(fill, Column(Fit(FeatureSpec.Default, prepare), "income").Fill, 12);
    }

    [Fact]
    public void MissingConstant_ForCategories_IsTheFillCategory()
    {
        var prepare = PrepareSpec.Default with { Missing = new Dictionary<string, MissingRule> { ["colour"] = MissingRule.Parse("constant:none")! } };

        Assert.Equal("none", Column(Fit(FeatureSpec.Default, prepare), "colour").FillCategory);
    }

    [Fact]
    public void IqrClip_BoundsComeFromTrainingQuartiles()
    {
        var prepare = PrepareSpec.Default with { Outliers = new Dictionary<string, OutlierRule> { ["income"] = OutlierRule.IqrClip } };
        var income = Column(Fit(FeatureSpec.Default, prepare), "income");

        // numpy.percentile([10, 100, 1000], [25, 75]) = [55, 550]; IQR 495.
        Assert.Equal(55 - 1.5 * 495, income.ClipLow, 9);
        Assert.Equal(550 + 1.5 * 495, income.ClipHigh, 9);
    }
}
