using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Ferry.Core.Bundles;
using Ferry.Core.Data;
using Ferry.Core.Features;
using Ferry.Core.Lifecycle;
using Ferry.Core.Preparation;
using Ferry.Core.Spec;
using Ferry.Testing;

namespace Ferry.Core.Tests.Bundles;

/// <summary>Bundle format 1, pinned by bundles earlier builds wrote (tests/data/bundles, README.md says which build and
/// how): each still predicts what `ferry predict` of that build wrote, reads back with the sections it was written with,
/// and written again by this build gives the same manifest.json, token by token, and the same predictions.</summary>
public sealed class GoldenBundleTests : IDisposable
{
    private readonly TestFiles _files = new();

    public static TheoryData<string> Fixtures { get; } =
        ["iris-v1", "loans-tree", "biomass-mlp", "biomass-tree", "iris-mlp", "penguins-boosted", "penguins-linear", "penguins-tree", "titanic-forest", "titanic-mlp"];

    public void Dispose() => _files.Dispose();

    private static string Fixture(string name) => TestFiles.Data($"bundles/{name}.ferry");

    private static ModelManifest Manifest(string name) => BundleFile.Read(Fixture(name)).Manifest;

    private static ColumnFeature Feature(ModelManifest manifest, string column) => manifest.Features.Single(f => f.Column == column);

    private string[] Predict(string bundlePath, string name)
    {
        var output = _files.Path($"{name}-predictions.csv");
        BatchPredictor.Run(BundleFile.Read(bundlePath), TestFiles.Data($"bundles/{name}-rows.csv"), output, CancellationToken.None);
        return File.ReadAllLines(output);
    }

    private string Rewritten(string name)
    {
        var path = _files.Path($"{name}-rewritten.ferry");
        var bundle = BundleFile.Read(Fixture(name));
        BundleFile.Write(path, bundle.Manifest, bundle.Model);
        return path;
    }

    /// <summary>The SHA-256 of the model entry's bytes, or for ML.NET's model.zip of each file in it.</summary>
    private static List<string> ModelContent(string bundlePath)
    {
        var (name, bytes) = BundleTampering.ReadAll(bundlePath).Single(e => e.Key is not ("manifest.json" or "digests.json"));
        if (name != "model.zip")
        {
            return [$"{name} {Convert.ToHexStringLower(SHA256.HashData(bytes))}"];
        }

        using var zip = new ZipArchive(new MemoryStream(bytes));
        return [.. zip.Entries.Select(entry =>
        {
            using var stream = entry.Open();
            return $"{name}/{entry.FullName} {Convert.ToHexStringLower(SHA256.HashData(stream))}";
        })];
    }

    private static bool NotModelSha256(string token) => !token.StartsWith("$.modelSha256 ", StringComparison.Ordinal);

    /// <summary>Every value of a JSON document in document order, one line each with its path: two documents give the same
    /// lines when they have the same properties, in the same order, with the same values written the same way.</summary>
    private static List<string> Tokens(byte[] json)
    {
        var lines = new List<string>();
        using var document = JsonDocument.Parse(json);
        Flatten(document.RootElement, "$", lines);
        return lines;
    }

    private static void Flatten(JsonElement element, string path, List<string> lines)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                lines.Add($"{path} {{}}");
                foreach (var property in element.EnumerateObject())
                {
                    Flatten(property.Value, $"{path}.{property.Name}", lines);
                }

                break;
            case JsonValueKind.Array:
                lines.Add($"{path} [{element.GetArrayLength()}]");
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Flatten(item, $"{path}[{index++}]", lines);
                }

                break;
            case JsonValueKind.String:
                lines.Add($"{path} = \"{element.GetString()}\"");
                break;
            default:
                lines.Add($"{path} = {element.GetRawText()}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Read_GoldenBundle_PredictsWhatTheBuildThatWroteItPredicted(string name)
    {
        var predictions = Predict(Fixture(name), name);

        Assert.Equal(File.ReadAllLines(TestFiles.Data($"bundles/{name}-predictions.csv")), predictions);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Write_GoldenBundleReadBack_PredictsWhatTheBuildThatWroteItPredicted(string name)
    {
        var predictions = Predict(Rewritten(name), name);

        Assert.Equal(File.ReadAllLines(TestFiles.Data($"bundles/{name}-predictions.csv")), predictions);
    }

    /// <summary>The model entry's SHA-256 is left out: the zip ML.NET saves differs from save to save although every file
    /// in it is the same, so model.zip is new bytes each time (the next test compares what the model entry holds).</summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Write_GoldenBundleReadBack_WritesTheFixturesManifestTokenByToken(string name)
    {
        var written = BundleTampering.ReadAll(Rewritten(name))["manifest.json"];

        Assert.Equal(Tokens(BundleTampering.ReadAll(Fixture(name))["manifest.json"]).Where(NotModelSha256), Tokens(written).Where(NotModelSha256));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Write_GoldenBundleReadBack_WritesTheSameModel(string name)
    {
        var written = ModelContent(Rewritten(name));

        Assert.Equal(ModelContent(Fixture(name)), written);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void ReadManifest_GoldenBundle_GivesTheManifestReadWithTheModel(string name)
    {
        var manifest = BundleFile.ReadManifest(Fixture(name));

        Assert.Equal(Tokens(JsonSerializer.SerializeToUtf8Bytes(Manifest(name), BundleJson.Options)), Tokens(JsonSerializer.SerializeToUtf8Bytes(manifest, BundleJson.Options)));
    }

    [Theory]
    [InlineData("loans-tree", ProblemType.BinaryClassification, "tree", "tree.json", "tree", "no,yes",
        "applied:Date,amount:Number,income:Number,region:Category,term:Category,autopay:Boolean",
        "applied:DateParts,amount:Number,income:Number,region:OneHot,term:Ordinal,autopay:Number,burden:Number")]
    [InlineData("biomass-mlp", ProblemType.Regression, "mlp", "mlp.json", "mlp", "",
        "dataset:Category,carbon:Number,hydrogen:Number,oxygen:Number,nitrogen:Number,sulfur:Number",
        "dataset:OneHot,carbon:Number,hydrogen:Number,oxygen:Number,nitrogen:Bins,sulfur:Number")]
    [InlineData("biomass-tree", ProblemType.Regression, "tree", "tree.json", "tree", "",
        "dataset:Category,carbon:Number,hydrogen:Number,oxygen:Number,nitrogen:Number,sulfur:Number",
        "dataset:OneHot,carbon:Number,hydrogen:Number,oxygen:Number,nitrogen:Number,sulfur:Number")]
    [InlineData("iris-mlp", ProblemType.MulticlassClassification, "mlp", "mlp.json", "mlp", "setosa,versicolor,virginica",
        "sepal length (cm):Number,sepal width (cm):Number,petal length (cm):Number,petal width (cm):Number",
        "sepal length (cm):Number,sepal width (cm):Number,petal length (cm):Number,petal width (cm):Number")]
    [InlineData("penguins-boosted", ProblemType.MulticlassClassification, "mlnet", "model.zip", "boosted", "Adelie,Chinstrap,Gentoo",
        "island:Category,bill_length_mm:Number,bill_depth_mm:Number,flipper_length_mm:Number,body_mass_g:Number,sex:Category,year:Number",
        "island:Ordinal,bill_length_mm:Number,bill_depth_mm:Number,flipper_length_mm:Number,body_mass_g:Number,sex:OneHot,year:Number")]
    [InlineData("penguins-linear", ProblemType.Regression, "mlnet", "model.zip", "linear", "",
        "species:Category,island:Category,bill_length_mm:Number,bill_depth_mm:Number,flipper_length_mm:Number,sex:Category,year:Number",
        "species:OneHot,island:OneHot,bill_length_mm:Number,bill_depth_mm:Number,flipper_length_mm:Number,sex:OneHot,year:Number")]
    [InlineData("penguins-tree", ProblemType.MulticlassClassification, "tree", "tree.json", "tree", "Adelie,Chinstrap,Gentoo",
        "island:Category,bill_length_mm:Number,bill_depth_mm:Number,flipper_length_mm:Number,body_mass_g:Number,sex:Category,year:Number",
        "island:OneHot,bill_length_mm:Number,bill_depth_mm:Number,flipper_length_mm:Number,body_mass_g:Number,sex:OneHot,year:Number")]
    [InlineData("titanic-mlp", ProblemType.BinaryClassification, "mlp", "mlp.json", "mlp", "no,yes",
        "sex:Category,age:Number,passengerClass:Category",
        "sex:OneHot,age:Number,passengerClass:Ordinal")]
    [InlineData("titanic-forest", ProblemType.BinaryClassification, "mlnet", "model.zip", "forest", "no,yes",
        "sex:Category,age:Number,passengerClass:Category",
        "sex:OneHot,age:Number,passengerClass:Ordinal")]
    public void Read_GoldenBundle_HasTheFormatInputsAndFeaturesItWasWrittenWith(
        string name, ProblemType type, string modelFormat, string modelEntry, string candidate, string classes, string inputs, string features)
    {
        var manifest = Manifest(name);

        Assert.Equal(
            (ModelManifest.CurrentFormat, 1, type, modelFormat, candidate, classes, inputs, features),
            (manifest.Format, manifest.Version, manifest.Type, manifest.ModelFormat, manifest.Candidate, string.Join(',', manifest.Classes),
                string.Join(',', manifest.Inputs.Select(i => $"{i.Name}:{i.Kind}")), string.Join(',', manifest.Features.Select(f => $"{f.Column}:{f.Encoding}"))));
        Assert.Equal(["digests.json", "manifest.json", modelEntry], BundleTampering.ReadAll(Fixture(name)).Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Read_GoldenBundle_HasItsEvaluationAndReferenceSections(string name)
    {
        var manifest = Manifest(name);

        Assert.NotEmpty(manifest.Leaderboard);
        Assert.Contains(manifest.SuccessMetric.Name, manifest.Metrics.Keys);
        Assert.Equal(manifest.Inputs.Select(i => i.Name).Order(StringComparer.Ordinal), manifest.Importance.Select(i => i.Feature).Order(StringComparer.Ordinal));
        Assert.InRange(manifest.Latency.P99Ms, manifest.Latency.P50Ms, double.MaxValue);
        Assert.Equal((manifest.TrainRows, manifest.TestRows), (manifest.Preparation.TrainRows - manifest.Preparation.SampledOut, manifest.Preparation.TestRows));
        Assert.Equal(manifest.TrainRows, manifest.Reference.Rows);
        Assert.Equal(manifest.Inputs.Select(i => i.Name), manifest.Reference.Features.Select(f => f.Column));
        Assert.NotNull(manifest.Reference.Prediction);
        Assert.Equal(manifest.Classes.Count, manifest.ClassReport.Count);
        Assert.Equal(manifest.Classes.Count, manifest.Confusion?.Length ?? 0);
        Assert.Matches("^[0-9a-f]{64}$", manifest.ModelSha256);
        Assert.Matches("^[0-9a-f]{64}$", manifest.SpecHash);
    }

    [Fact]
    public void Read_LoansTree_HasItsDatePartsDerivedColumnFillsClipAndConstraints()
    {
        var manifest = Manifest("loans-tree");

        Assert.Equal(["year", "month", "day", "dayofweek", "hour", "quarter", "days_since"], Feature(manifest, "applied").DateParts);
        Assert.Equal(19892.734375, Feature(manifest, "applied").DateReference);
        Assert.Equal(("amount / income", -1), (Feature(manifest, "burden").Expression, Feature(manifest, "burden").Input));
        Assert.Equal(("unknown", 4), (Feature(manifest, "region").FillCategory, Feature(manifest, "region").Categories.Length));
        Assert.Equal(["short", "medium", "long"], Feature(manifest, "term").Categories);
        Assert.Equal((ColumnKind.Boolean, 1.0), (Feature(manifest, "autopay").Kind, Feature(manifest, "autopay").Fill));
        Assert.Equal((-5810.64599609375, 27204.75634765625), (Feature(manifest, "amount").ClipLow, Feature(manifest, "amount").ClipHigh));
        Assert.Equal(47396.66015625, Feature(manifest, "income").Fill);
        Assert.Equal(new Constraints(50, 2, TimeSpan.FromDays(30)), manifest.Constraints);
        Assert.Equal(new SuccessMetric("roc_auc", 0.6), manifest.SuccessMetric);
        Assert.Equal(2, manifest.Leaderboard.Count);
        Assert.Equal(3, manifest.Parameters["max_depth"]);
    }

    [Fact]
    public void Read_BiomassMlp_HasItsLogBinsClipFillsScalingAndTrace()
    {
        var manifest = Manifest("biomass-mlp");

        Assert.Equal([false, false, false, true, false, true], manifest.Features.Select(f => f.Log));
        Assert.Equal(Math.Log(41), Feature(manifest, "oxygen").Fill, 1e-12);
        Assert.Equal([0, 0.3, 0.8, 1.5, 10], Feature(manifest, "nitrogen").BinEdges);
        Assert.Equal((38.46750211715698, 55.88749647140503), (Feature(manifest, "carbon").ClipLow, Feature(manifest, "carbon").ClipHigh));
        Assert.Equal([38.46750211715698, 17.419994354248047], [.. Feature(manifest, "carbon").Center, .. Feature(manifest, "carbon").Scale]);
        Assert.Equal("Training", Feature(manifest, "dataset").FillCategory);
        Assert.Equal(new PreparationSummary(536, 0, 0, 0, 0, 36, 393, 107) { SampledOut = 93 }, manifest.Preparation);
        Assert.Equal(26, manifest.Trace.Count);
        Assert.Equal(Enumerable.Range(1, 26), manifest.Trace.Select(t => t.Epoch));
    }

    [Fact]
    public void Read_PenguinsBoosted_HasItsOrdinalOneHotAndMonitorSection()
    {
        var manifest = Manifest("penguins-boosted");

        Assert.Equal(["Biscoe", "Dream", "Torgersen"], Feature(manifest, "island").Categories);
        Assert.Equal(["female", "male"], Feature(manifest, "sex").Categories);
        Assert.Equal(("Biscoe", "female"), (Feature(manifest, "island").FillCategory, Feature(manifest, "sex").FillCategory));
        Assert.Equal(43.853846064417354, Feature(manifest, "bill_length_mm").Fill);
        Assert.Equal(2, manifest.Preparation.MissingDropped);
        Assert.Equal((200, 100, 5000), (manifest.Monitor.Window, manifest.Monitor.PerformanceWindow, manifest.Monitor.Keep));
        Assert.Equal(new DriftThresholds(0.01, 0.2, 0.2, 0.15, 0.3, 0.4, 0.1), manifest.Monitor.Drift);
        Assert.Equal(
            [new AlertRule("accuracy_below", 0.85), new AlertRule("drift_share_above", 0.4), new AlertRule("p99_latency_ms_above", 20), new AlertRule("stale", 1)],
            manifest.Monitor.Alerts!);
        Assert.Equal(new Uri("http://127.0.0.1:9/ferry-alerts"), manifest.Monitor.Webhook);
    }
}
