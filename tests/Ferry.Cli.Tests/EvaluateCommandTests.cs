using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class EvaluateCommandTests
{
    [Theory]
    [InlineData("breast_cancer", "binary-classification")]
    [InlineData("iris", "multiclass-classification")]
    public async Task Evaluate_TheHeldOutRows_GivesTheTestMetricsRecordedAtTraining(string dataset, string type)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data($"{dataset}.csv"), "target", type, "m", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var heldOut = WriteHeldOutRows(files, TestFiles.Data($"{dataset}.csv"));

        var result = await CliRunner.RunAsync("evaluate", spec, "--input", heldOut, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var metrics = json.RootElement.GetProperty("metrics");
        var test = json.RootElement.GetProperty("testMetrics");
        Assert.Equal(File.ReadAllLines(heldOut).Length - 1, json.RootElement.GetProperty("rows").GetInt32());
        foreach (var metric in new[] { "accuracy", "f1", "roc_auc", "log_loss" })
        {
            Assert.Equal(test.GetProperty(metric).GetDouble(), metrics.GetProperty(metric).GetDouble(), 6);
        }
    }

    [Fact]
    public async Task Evaluate_Regression_ReportsErrorsAndSkipsRowsWithoutAnActual()
    {
        using var files = new TestFiles();
        var lines = Enumerable.Range(0, 200).Select(i => $"{i % 20},{i % 7},{3 * (i % 20) - 2 * (i % 7) + 1}");
        var spec = files.WriteSpec(files.Write("train.csv", "a,b,y\n" + string.Join('\n', lines) + "\n"), "y", "regression", "m", "train: { candidates: [linear] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var input = files.Write("new.csv", "a,b,y\n1,2,0\n10,3,25\n4,4,\n");

        var result = await CliRunner.RunAsync("evaluate", spec, "--input", input, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(2, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("unlabelled").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("metrics").GetProperty("rmse").GetDouble(), 0, 0.5);
    }

    [Fact]
    public async Task Evaluate_SuccessMetricMissedOnNewData_ExitsTwoAndSaysNotMet()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m",
            "success_metric: { name: accuracy, threshold: 0.9 }\ntrain: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var relabelled = File.ReadAllLines(TestFiles.Data("iris.csv")).Take(31).Select((line, i) => i == 0 ? line : line[..line.LastIndexOf(',')] + ",virginica");
        var input = files.Write("relabelled.csv", string.Join('\n', relabelled) + "\n");

        var result = await CliRunner.RunAsync("evaluate", spec, "--input", input);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("accuracy = 0 vs threshold 0.9: not met", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n", "the target column 'target' is not in the file")]
    [InlineData("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target\n5.1,3.5,1.4,0.2,setosa\n5.0,3.4,1.5,0.2,lily\n", "line 3 target 'lily' is not a class the model knows (classes: setosa, versicolor, virginica)")]
    [InlineData("sepal length (cm),sepal width (cm),petal length (cm),target\n5.1,3.5,1.4,setosa\n", "missing column(s) 'petal width (cm)'")]
    [InlineData("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target\n5.1,wide,1.4,0.2,setosa\n", "line 2 column 'sepal width (cm)': expected a number, found 'wide'")]
    [InlineData("sepal length (cm),sepal width (cm),petal length (cm),petal width (cm),target\n5.1,3.5,1.4,0.2,\n", "no row has a value in the target column 'target'")]
    public async Task Evaluate_BadFile_NamesWhatIsWrong(string csv, string expected)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "m", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);

        var result = await CliRunner.RunAsync("evaluate", spec, "--input", files.Write("new.csv", csv));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    private static string WriteHeldOutRows(TestFiles files, string data)
    {
        using var holdout = JsonDocument.Parse(File.ReadAllText(files.Path(".ferry/models/m/v1/holdout.json")));
        var lines = File.ReadAllLines(data);
        var rows = holdout.RootElement.GetProperty("testRows").EnumerateArray().Select(row => lines[row.GetInt32() + 1]);
        return files.Write("heldout.csv", string.Join('\n', [lines[0], .. rows]) + "\n");
    }
}
