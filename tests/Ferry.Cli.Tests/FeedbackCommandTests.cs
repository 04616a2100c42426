using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Ferry.Core.Data;
using Ferry.Core.Storage;
using Ferry.Server;
using Ferry.Testing;
using Microsoft.Extensions.Logging;

namespace Ferry.Cli.Tests;

/// <summary>A label is final in `ferry feedback` as over HTTP, and nobody without the feedback key can steer what
/// `ferry retrain` learns.</summary>
public sealed class FeedbackCommandTests : IDisposable
{
    private const string FeedbackKey = "labelling-pipeline-key";
    private readonly TestFiles _files = new();
    private readonly string[][] _rows = [.. File.ReadLines(TestFiles.Data("iris.csv")).Skip(1).Select(line => line.Split(','))];

    private static string Wrong(string label) => label == "setosa" ? "virginica" : "setosa";

    private MonitoringStore Store => MonitoringStore.Open(Path.Combine(_files.Directory, ".ferry"));

    /// <summary>Trains iris, serves it with the given settings while <paramref name="traffic"/> runs against it, and
    /// returns the spec.</summary>
    private async Task<string> ServeAsync(IReadOnlyDictionary<string, string>? settings, Func<HttpClient, string[], Task> traffic)
    {
        var spec = _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using var app = FerryServerApp.Build(spec, "http://127.0.0.1:0", LogLevel.Warning, settings);
        await app.StartAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        var body = $"{{\"rows\": [{string.Join(",", _rows.Select(r => $"{{\"sepal length (cm)\": {r[0]}, \"sepal width (cm)\": {r[1]}, \"petal length (cm)\": {r[2]}, \"petal width (cm)\": {r[3]}}}"))}]}}";
        using var response = await client.PostAsync("/v1/models/iris/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        string[] ids = [.. JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()!)];
        await traffic(client, ids);
        return spec;
    }

    private string Labels(string name, IEnumerable<(string Id, string Actual)> items) =>
        _files.Write(name, string.Join('\n', ["id,actual", .. items.Select(item => $"{item.Id},{item.Actual}")]) + "\n");

    [Fact]
    public async Task Feedback_FileContradictsARecordedLabel_ExitsOneNamingFileRowAndIdAndWritesNothing()
    {
        var ids = Array.Empty<string>();
        var spec = await ServeAsync(null, (_, served) => Task.FromResult(ids = served));
        Assert.Equal(0, (await CliRunner.RunAsync("feedback", spec, "--input", Labels("first.csv", [(ids[0], "setosa")]))).ExitCode);
        var second = Labels("second.csv", [(ids[1], "setosa"), (ids[2], "setosa"), (ids[0], "virginica")]);

        var result = await CliRunner.RunAsync("feedback", spec, "--input", second);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal($"error: {second} row 3: id '{ids[0]}' is already labelled 'setosa', not 'virginica'; a label is final "
            + "(--overwrite replaces recorded labels); nothing was written", result.Error.Trim());
        Assert.Equal([(ids[0], "setosa")], Store.Labelled("iris", 1, 1000).Select(p => (p.Id, p.Actual!)));
    }

    [Fact]
    public async Task Feedback_SameFileTwice_IsAcceptedAgainAsAlreadyRecorded()
    {
        var ids = Array.Empty<string>();
        var spec = await ServeAsync(null, (_, served) => Task.FromResult(ids = served));
        var labels = Labels("labels.csv", ids.Select((id, i) => (id, _rows[i][4])));
        Assert.Equal(0, (await CliRunner.RunAsync("feedback", spec, "--input", labels)).ExitCode);

        var again = await CliRunner.RunAsync("feedback", spec, "--input", labels);

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Recorded 150 of 150 feedback rows for iris, 150 of them already recorded.", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feedback_Overwrite_ReplacesRecordedLabels()
    {
        var ids = Array.Empty<string>();
        var spec = await ServeAsync(null, (_, served) => Task.FromResult(ids = served));
        Assert.Equal(0, (await CliRunner.RunAsync("feedback", spec, "--input", Labels("first.csv", [(ids[0], "setosa")]))).ExitCode);

        var result = await CliRunner.RunAsync("feedback", spec, "--input", Labels("fixed.csv", [(ids[0], "versicolor")]), "--overwrite", "--json");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, JsonDocument.Parse(result.Out).RootElement.GetProperty("replaced").GetInt32());
        Assert.Equal("versicolor", Assert.Single(Store.Labelled("iris", 1, 1000)).Actual);
    }

    /// <summary>The attack of issue 11: after the labelling pipeline (holding the feedback key) sent the true labels, 150
    /// false ones (setosa relabelled virginica, the others setosa) without the key are all refused, so is a batch of them
    /// with the key (a label is final), and a retrain on the labelled rows still answers setosa for a setosa.</summary>
    [Fact]
    public async Task FeedbackUrl_WithTheFeedbackKey_RecordsThroughTheServer()
    {
        CliRunner.Result? result = null;
        await ServeAsync(new Dictionary<string, string> { ["FeedbackKey"] = FeedbackKey }, async (client, ids) =>
            result = await CliRunner.RunAsync(new Dictionary<string, string> { ["FERRY_FEEDBACK_KEY"] = FeedbackKey },
                "feedback", _files.Path("ferry.yaml"), "--input", Labels("labels.csv", ids.Take(5).Select((id, i) => (id, _rows[i][4]))), "--url", client.BaseAddress!.ToString()));

        Assert.Equal(0, result!.ExitCode);
        Assert.Contains("Recorded 5 of 5 feedback rows for iris", result.Out, StringComparison.Ordinal);
        Assert.Equal(5, Store.Labelled("iris", 1, 200).Count);
    }

    [Fact]
    public async Task FeedbackUrl_WithoutTheKey_ExitsOneNamingTheVariableAndRecordsNothing()
    {
        CliRunner.Result? result = null;
        await ServeAsync(new Dictionary<string, string> { ["FeedbackKey"] = FeedbackKey }, async (client, ids) =>
            result = await CliRunner.RunAsync("feedback", _files.Path("ferry.yaml"), "--input", Labels("labels.csv", [(ids[0], "setosa")]), "--url", client.BaseAddress!.ToString()));

        Assert.Equal(1, result!.ExitCode);
        Assert.Contains("refused the key: set FERRY_FEEDBACK_KEY", result.Error, StringComparison.Ordinal);
        Assert.Empty(Store.Labelled("iris", 1, 200));
    }

    [Fact]
    public async Task FeedbackUrl_OnlyUnknownIds_ExitsOneNamingThem()
    {
        CliRunner.Result? result = null;
        await ServeAsync(null, async (client, _) =>
            result = await CliRunner.RunAsync("feedback", _files.Path("ferry.yaml"), "--input", Labels("labels.csv", [("no-such-id", "setosa")]), "--url", client.BaseAddress!.ToString()));

        Assert.Equal(1, result!.ExitCode);
        Assert.Contains("1 id(s) match no logged prediction: no-such-id", result.Out, StringComparison.Ordinal);
        Assert.Empty(Store.Labelled("iris", 1, 200));
    }

    [Fact]
    public async Task FeedbackUrl_FileContradictsARecordedLabel_ExitsOneNamingFileRowAndId()
    {
        CliRunner.Result? result = null;
        var variables = new Dictionary<string, string> { ["FERRY_FEEDBACK_KEY"] = FeedbackKey };
        await ServeAsync(new Dictionary<string, string> { ["FeedbackKey"] = FeedbackKey }, async (client, ids) =>
        {
            var url = client.BaseAddress!.ToString();
            Assert.Equal(0, (await CliRunner.RunAsync(variables, "feedback", _files.Path("ferry.yaml"), "--input", Labels("first.csv", [(ids[0], _rows[0][4])]), "--url", url)).ExitCode);
            result = await CliRunner.RunAsync(variables, "feedback", _files.Path("ferry.yaml"), "--input", Labels("second.csv", [(ids[1], _rows[1][4]), (ids[0], Wrong(_rows[0][4]))]), "--url", url);
        });

        Assert.Equal(1, result!.ExitCode);
        Assert.Contains($"second.csv row 2: id '", result.Error, StringComparison.Ordinal);
        Assert.Contains($"is already labelled '{_rows[0][4]}', not '{Wrong(_rows[0][4])}'", result.Error, StringComparison.Ordinal);
        Assert.Single(Store.Labelled("iris", 1, 200));
    }

    [Fact]
    public async Task Retrain_After150UnauthenticatedRelabels_StillAnswersSetosaForASetosa()
    {
        var settings = new Dictionary<string, string> { ["FeedbackKey"] = FeedbackKey, ["AdminKey"] = "operator-key", ["MonitorSeconds"] = "3600" };
        var refused = new List<HttpStatusCode>();
        var spec = await ServeAsync(settings, async (client, ids) =>
        {
            using (var truth = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/feedback"))
            {
                truth.Content = JsonContent.Create(new { items = ids.Select((id, i) => new { id, actual = _rows[i][4] }) });
                truth.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FeedbackKey);
                using var accepted = await client.SendAsync(truth);
                Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
            }

            for (var i = 0; i < ids.Length; i++)
            {
                using var response = await client.PostAsJsonAsync("/v1/models/iris/feedback", new { id = ids[i], actual = Wrong(_rows[i][4]) });
                refused.Add(response.StatusCode);
            }

            using var batch = new HttpRequestMessage(HttpMethod.Post, "/v1/models/iris/feedback");
            batch.Content = JsonContent.Create(new { items = ids.Select((id, i) => new { id, actual = Wrong(_rows[i][4]) }) });
            batch.Headers.Authorization = new AuthenticationHeaderValue("Bearer", FeedbackKey);
            using var conflict = await client.SendAsync(batch);
            refused.Add(conflict.StatusCode);
        });

        var retrain = await CliRunner.RunAsync("retrain", spec, "--json");
        File.WriteAllText(_files.Path("setosa.csv"), "sepal length (cm),sepal width (cm),petal length (cm),petal width (cm)\n5.1,3.5,1.4,0.2\n");
        var predict = await CliRunner.RunAsync("predict", spec, "--input", _files.Path("setosa.csv"), "--output", _files.Path("out.csv"));

        Assert.Equal([.. Enumerable.Repeat(HttpStatusCode.Unauthorized, 150), HttpStatusCode.Conflict], refused);
        Assert.Equal(_rows.Select(r => r[4]).Order(), Store.Labelled("iris", 1, 1000).Select(p => p.Actual!).Order());
        Assert.True(retrain.ExitCode is 0 or 2, retrain.All);
        Assert.Equal(120, JsonDocument.Parse(retrain.Out).RootElement.GetProperty("productionRows").GetInt32());
        Assert.True(predict.ExitCode == 0, predict.All);
        var answer = TableLoader.Load(_files.Path("out.csv"));
        Assert.Equal("setosa", answer.Texts(answer.IndexOf("prediction"))[0]);
    }

    public void Dispose() => _files.Dispose();
}
