using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Spec;

public sealed class SpecLoaderTests
{
    private static ProblemSpec Parse(string yaml) => SpecLoader.Parse(yaml, "/specs/ferry.yaml");

    private static string Error(string yaml) => Assert.Throws<FerryException>(() => Parse(yaml)).Message;

    private const string Minimal = """
        name: iris
        type: multiclass-classification
        data:
          source: data/iris.csv
        target: species
        """;

    [Fact]
    public void Parse_FourRequiredKeys_FillsDefaults()
    {
        var spec = Parse(Minimal);

        Assert.Equal("iris", spec.Name);
        Assert.Equal(ProblemType.MulticlassClassification, spec.Type);
        Assert.Equal(new DataSpec("data/iris.csv"), spec.Data);
        Assert.Equal(MetricNames.Accuracy, spec.SuccessMetric.Name);
        Assert.Equal(SplitSpec.Default, spec.Split);
        Assert.Equal(["logistic", "forest", "boosted", "mlp"], spec.Candidates);
        Assert.False(spec.CandidatesNamed);
        Assert.Equal(SearchSpec.Halving, spec.Search.Kind);
        Assert.Equal(Path.GetFullPath("/specs/.ferry"), spec.StoreDirectory);
    }

    [Fact]
    public void Parse_UnknownKey_NamesKeyLineAndAllowedKeys()
    {
        var message = Error(Minimal + "\ntrget: x\n");

        Assert.Contains("line 6", message, StringComparison.Ordinal);
        Assert.Contains("unknown key 'trget'", message, StringComparison.Ordinal);
        Assert.Contains("target", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadType_ListsAllowedTypes()
    {
        var message = Error(Minimal.Replace("multiclass-classification", "clustering", StringComparison.Ordinal));

        Assert.Contains("'type' is 'clustering'", message, StringComparison.Ordinal);
        Assert.Contains("binary-classification, multiclass-classification, regression", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingTarget_NamesTheKey()
    {
        var message = Error(Minimal.Replace("target: species", "", StringComparison.Ordinal));

        Assert.Contains("required key 'target' is missing", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingDataSource_NamesTheNestedKey()
    {
        var message = Error(Minimal.Replace("  source: data/iris.csv", "  path: x", StringComparison.Ordinal));

        Assert.Contains("unknown key 'path' in 'data' (allowed: source, query, sheet)", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RegressionCandidateForClassification_ListsAllowedCandidates()
    {
        var message = Error(Minimal + "\ntrain: { candidates: [linear] }\n");

        Assert.Contains("'linear'", message, StringComparison.Ordinal);
        Assert.Contains("logistic, tree, forest, boosted", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TestFractionOutOfRange_SaysWhatIsExpected()
    {
        var message = Error(Minimal + "\nsplit: { test: 1.5 }\n");

        Assert.Contains("'split.test' is 1.5", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MetricOfOtherProblemType_ListsMetricsOfThisType()
    {
        var message = Error(Minimal + "\nsuccess_metric: { name: rmse }\n");

        Assert.Contains("accuracy, f1, precision, recall, roc_auc", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UpperCaseName_IsRejected()
    {
        var message = Error(Minimal.Replace("name: iris", "name: Iris", StringComparison.Ordinal));

        Assert.Contains("[a-z0-9-]+", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NameLongerThanTheLimit_IsRejected()
    {
        var message = Error(Minimal.Replace("name: iris", "name: " + new string('a', ModelName.MaxLength + 1), StringComparison.Ordinal));

        Assert.Contains($"'name' is {ModelName.MaxLength + 1} characters long but must be at most {ModelName.MaxLength}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NameOfTheLimitsLength_IsAccepted()
    {
        var name = new string('a', ModelName.MaxLength);

        Assert.Equal(name, Parse(Minimal.Replace("name: iris", "name: " + name, StringComparison.Ordinal)).Name);
    }

    [Fact]
    public void Load_MissingFile_NamesThePath()
    {
        using var files = new TestFiles();

        var message = Assert.Throws<FerryException>(() => SpecLoader.Load(files.Path("absent.yaml"))).Message;

        Assert.Contains("absent.yaml", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("prepare: { missing: { age: average } }", "'prepare.missing.age' must be one of: mean, median, mode, constant:<value>, drop, ffill")]
    [InlineData("prepare: { outliers: { age: zscore } }", "'prepare.outliers.age' is 'zscore' but must be one of: iqr-clip, iqr-drop, none")]
    [InlineData("prepare: { duplicates: remove }", "'prepare.duplicates' is 'remove' but must be one of: drop, keep")]
    [InlineData("features: { dates: { d: [week] } }", "'features.dates.d' has 'week' but a date part must be one of: year, month, day, dayofweek, hour, quarter, days_since")]
    [InlineData("features: { bins: { age: [10, 5] } }", "'features.bins.age' must be strictly increasing edges")]
    [InlineData("features: { scale: robust }", "'features.scale' is 'robust' but must be one of: standard, minmax, none")]
    [InlineData("features: { encode: { c: hashing } }", "'features.encode.c' is 'hashing' but must be one of: one-hot")]
    [InlineData("features: { embed: [x] }", "unknown key 'embed' in 'features' (allowed: scale, encode, dates, bins, log, derive, drop)")]
    public void Parse_BadPrepareOrFeatureValue_NamesKeyAndAllowedValues(string yaml, string expected) =>
        Assert.Contains(expected, Error(Minimal + "\n" + yaml + "\n"), StringComparison.Ordinal);

    [Fact]
    public void Parse_PrepareFeaturesAndTimeSplit_AreRead()
    {
        var spec = Parse(Minimal + """

            prepare: { missing: { a: "constant:none" }, duplicates: keep, outliers: { b: iqr-drop } }
            features: { scale: minmax, encode: { s: [S, M, L] }, dates: { d: [year] }, bins: { b: [0, 1, 2] }, log: [b], derive: { r: a / b }, drop: [id] }
            split: { by: d, test: 0.3 }
            """);

        Assert.Equal(new MissingRule(MissingStrategy.Constant, "none"), spec.Prepare.Missing["a"]);
        Assert.False(spec.Prepare.DropDuplicates);
        Assert.Equal(OutlierRule.IqrDrop, spec.Prepare.Outliers["b"]);
        Assert.Equal(ScaleKind.MinMax, spec.Features.Scale);
        Assert.Equal(["S", "M", "L"], spec.Features.Encode["s"]!);
        Assert.Equal([0.0, 1, 2], spec.Features.Bins["b"]);
        Assert.Equal("a / b", spec.Features.Derive["r"]);
        Assert.Equal(["id"], spec.Features.Drop);
        Assert.Equal("d", spec.Split.By);
        Assert.False(spec.Split.Stratify);
    }
}
