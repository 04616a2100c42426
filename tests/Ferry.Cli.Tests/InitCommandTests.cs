using System.Globalization;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class InitCommandTests
{
    [Fact]
    public async Task Init_Titanic_DraftsASpecThatTrains()
    {
        using var files = new TestFiles();
        var dir = files.Path("titanic");

        var init = await CliRunner.RunAsync("init", dir, "--data", TestFiles.Data("titanic.csv"), "--target", "survived");

        Assert.Equal(0, init.ExitCode);
        var yaml = File.ReadAllText(Path.Combine(dir, "ferry.yaml"));
        Assert.Contains("type: binary-classification", yaml, StringComparison.Ordinal);
        Assert.Contains("\"age\": median    # 263 of 1309 missing", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"name\"    # an identifier: every value differs", yaml, StringComparison.Ordinal);
        var train = await CliRunner.RunAsync("train", Path.Combine(dir, "ferry.yaml"), "--json");
        Assert.Equal(0, train.ExitCode);
        using var json = JsonDocument.Parse(train.Out);
        Assert.InRange(json.RootElement.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 0.75, 1);
    }

    [Theory]
    [InlineData("iris.csv", "target", "multiclass-classification", "accuracy")]
    [InlineData("penguins.csv", "species", "multiclass-classification", "accuracy")]
    [InlineData("penguins.csv", "body_mass_g", "regression", "r2")]
    public async Task Init_SharedDataSets_ReadsTheTypeOffTheTarget(string data, string target, string type, string metric)
    {
        using var files = new TestFiles();

        var result = await CliRunner.RunAsync("init", files.Path("spec"), "--data", TestFiles.Data(data), "--target", target, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
        Assert.Equal(metric, json.RootElement.GetProperty("successMetric").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Init_ImbalancedNumericBinaryTarget_ChoosesF1AndDropsTheRowNumber()
    {
        using var files = new TestFiles();
        var random = new Random(7);
        var rows = Enumerable.Range(1, 200).Select(i => string.Create(CultureInfo.InvariantCulture, $"{i},{random.NextDouble():F3},{(i % 10 == 0 ? 1 : 0)},same"));
        var data = files.Write("fraud.csv", "row,amount,fraud,channel\n" + string.Join('\n', rows) + "\n");

        var result = await CliRunner.RunAsync("init", files.Path("spec"), "--data", data, "--target", "fraud");

        Assert.Equal(0, result.ExitCode);
        var yaml = File.ReadAllText(files.Path("spec/ferry.yaml"));
        Assert.Contains("name: fraud", yaml, StringComparison.Ordinal);
        Assert.Contains("success_metric: { name: f1 }    # the smaller class is 10% of rows", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"row\"    # an identifier: the row numbers", yaml, StringComparison.Ordinal);
        Assert.Contains("- \"channel\"    # one value only", yaml, StringComparison.Ordinal);
        Assert.Contains("source: \"../fraud.csv\"", yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Init_SpecExists_RefusesUnlessForced()
    {
        using var files = new TestFiles();
        var dir = files.Path("spec");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "ferry.yaml"), "name: mine\n");

        var refused = await CliRunner.RunAsync("init", dir, "--data", TestFiles.Data("iris.csv"), "--target", "target");
        var forced = await CliRunner.RunAsync("init", dir, "--data", TestFiles.Data("iris.csv"), "--target", "target", "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("already exists; pass --force to overwrite it", refused.Error, StringComparison.Ordinal);
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("name: iris", File.ReadAllText(Path.Combine(dir, "ferry.yaml")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("titanic.csv", "survivor", "", "target column 'survivor' is not in the data")]
    [InlineData("titanic.csv", "name", "", "target column 'name' is text with")]
    [InlineData("iris.csv", "target", "--type=clustering", "--type is 'clustering' but must be one of: binary-classification, multiclass-classification, regression")]
    public async Task Init_BadArguments_NamesWhatIsWrong(string data, string target, string extra, string expected)
    {
        using var files = new TestFiles();
        string[] args = ["init", files.Path("spec"), "--data", TestFiles.Data(data), "--target", target, .. extra.Length > 0 ? new[] { extra } : []];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(files.Path("spec/ferry.yaml")));
    }
}
