using System.Net;
using System.Net.Http.Json;
using Ferry.Core.Data;
using Ferry.Core.Prediction;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Server.Tests;

/// <summary>Feedback for a prediction that reaches the store just after the feedback request: what another server
/// sharing the store does while its log lingers. The unknown id is tried once more and accepted.</summary>
public sealed class FeedbackRetryTests
{
    [Fact]
    public async Task Feedback_PredictionWrittenMomentsLaterByAnotherServer_IsAccepted()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        await using var server = await RunningServer.TrainAndStartAsync(spec);
        ColumnInfo[] inputs = [.. new[] { "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)" }.Select(name => new ColumnInfo(name, ColumnKind.Number))];
        var row = new InputRow(4);
        var answer = new PredictionResult("setosa", new Dictionary<string, double> { ["setosa"] = 1 }, null, [], [], []);

        using (var warm = await server.Client.PostAsJsonAsync("/v1/models/iris/feedback", new { id = "warm-up", actual = "setosa" }))
        {
            Assert.Equal(HttpStatusCode.NotFound, warm.StatusCode);
        }

        var feedback = server.Client.PostAsJsonAsync("/v1/models/iris/feedback", new { id = "from-another-server", actual = "setosa" });
        await Task.Delay(30);
        MonitoringStore.Open(Path.Combine(files.Directory, ".ferry"))
            .AppendPredictions([new PredictionRecord("from-another-server", "iris", 1, DateTimeOffset.UtcNow, 1, inputs, row, answer)]);
        using var response = await feedback;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<FeedbackOutcome>())!.Accepted);
    }
}
