using System.Text;
using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

public sealed class MonitorCommandTests
{
    /// <summary>Served iris predictions get their labels from a CSV through `ferry feedback`, then `ferry monitor --html`
    /// writes the report page with the live accuracy.</summary>
    [Fact]
    public async Task FeedbackFromFileThenMonitorHtml_ReportsTheLabelledAccuracy()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris",
            "train: { candidates: [logistic] }\nmonitor: { performance_window: 50 }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var rows = File.ReadLines(TestFiles.Data("iris.csv")).Skip(1).Select(line => line.Split(',')).ToArray();
        string[] ids;
        await using (var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning))
        {
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var body = $"{{\"rows\": [{string.Join(",", rows.Select(r => $"{{\"sepal length (cm)\": {r[0]}, \"sepal width (cm)\": {r[1]}, \"petal length (cm)\": {r[2]}, \"petal width (cm)\": {r[3]}}}"))}]}}";
            using var response = await client.PostAsync("/v1/models/iris/predict", new StringContent(body, Encoding.UTF8, "application/json"));
            ids = [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
        }

        File.WriteAllLines(files.Path("labels.csv"), ["id,actual", .. ids.Select((id, i) => $"{id},{rows[i][4]}")]);

        var feedback = await CliRunner.RunAsync("feedback", spec, "--input", files.Path("labels.csv"), "--json");
        var monitor = await CliRunner.RunAsync("monitor", spec, "--json", "--html", files.Path("report.html"));

        Assert.Equal(0, feedback.ExitCode);
        Assert.Equal(150, JsonDocument.Parse(feedback.Out).RootElement.GetProperty("accepted").GetInt32());
        Assert.Equal(0, monitor.ExitCode);
        var latest = JsonDocument.Parse(monitor.Out).RootElement.GetProperty("performance").GetProperty("latest").GetDouble();
        Assert.InRange(latest, 0.9, 1.0);
        var html = File.ReadAllText(files.Path("report.html"));
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("petal width (cm)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http-equiv=\"refresh\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("id,label\nx,setosa\n", "feedback needs the columns 'id' and 'actual'")]
    [InlineData("id,actual\nx,rose\n", "row 1: 'actual' is 'rose', not a class of iris")]
    [InlineData("id,actual\nabc,setosa\n,setosa\n", "row 2: 'id' is empty")]
    public async Task Feedback_BadFile_ExitsOneNamingTheRow(string csv, string expected)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);

        var result = await CliRunner.RunAsync("feedback", spec, "--input", files.Write("labels.csv", csv));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(expected, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_UnknownIds_AreListedAndExitOne()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);

        var result = await CliRunner.RunAsync("feedback", spec, "--input", files.Write("labels.csv", "id,actual\nnever-served,setosa\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("1 id(s) match no logged prediction: never-served", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorHtml_AfterARun_ShowsItInTheRunsTimeline()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        var at = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var store = MonitoringStore.Open(files.Path(".ferry"));
        store.SaveRun(store.StartRun("iris", "manual", 1, at)!.With(new RunStep(RunStages.Rejected, at.AddMinutes(1), "v2 is no better than v1", 30, 0.9, 0.9, "mcnemar-exact", 0, 1)));

        var monitor = await CliRunner.RunAsync("monitor", spec, "--html", files.Path("report.html"));

        Assert.Equal(0, monitor.ExitCode);
        Assert.Contains("<tr><td>rejected</td><td>2026-12-01 12:01:00</td><td>30</td><td>0.9</td><td>0.9</td><td>mcnemar-exact</td><td>0</td><td>1</td><td>v2 is no better than v1</td></tr>",
            File.ReadAllText(files.Path("report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MonitorStore_JudgesEveryChampionInIt()
    {
        using var files = new TestFiles();
        var iris = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", iris)).ExitCode);
        File.Move(iris, files.Path("iris.yaml"));
        var bc = files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", bc)).ExitCode);

        var monitor = await CliRunner.RunAsync("monitor", Path.Combine(files.Directory, ".ferry"), "--json", "--html", files.Path("report.html"));

        Assert.Equal(0, monitor.ExitCode);
        Assert.Equal(["bc", "iris"], JsonDocument.Parse(monitor.Out).RootElement.EnumerateArray().Select(r => r.GetProperty("model").GetString()));
        Assert.True(File.Exists(files.Path("report.bc.html")) && File.Exists(files.Path("report.iris.html")));
    }

    [Fact]
    public async Task ServeAndMonitor_DirectoryThatIsNotAStore_SaySo()
    {
        using var files = new TestFiles();

        var monitor = await CliRunner.RunAsync("monitor", files.Directory);
        var serve = await CliRunner.RunAsync("serve", files.Directory, "--urls", "http://127.0.0.1:0");

        Assert.Equal((1, 1), (monitor.ExitCode, serve.ExitCode));
        Assert.Contains("not a Ferry store (no ferry.db in it)", monitor.Error, StringComparison.Ordinal);
        Assert.Contains("not a Ferry store (no ferry.db in it)", serve.Error, StringComparison.Ordinal);
    }
}
