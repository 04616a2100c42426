using System.Net;
using System.Text;
using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

public sealed class GracefulShutdownTests
{
    /// <summary>`ferry serve` as its own process gets SIGTERM while a large request (thousands of explained rows)
    /// is in flight: the request still completes with every prediction, the prediction log's queue is drained into the
    /// store, then the process exits 0.</summary>
    [Fact]
    public async Task Serve_SigtermDuringARequest_FinishesTheRequestLogsItThenExits()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("breast_cancer.csv"), "target", "binary-classification", "bc", "train: { candidates: [forest] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        using var server = await ServeProcess.StartAsync(spec);
        var client = server.Client;
        var header = File.ReadLines(TestFiles.Data("breast_cancer.csv")).First().Split(',')[..^1];
        var row = string.Join(",", header.Select(name => $"\"{name}\": 1.0"));
        var body = $"{{\"rows\": [{string.Join(",", Enumerable.Repeat($"{{{row}}}", 8000))}]}}";

        var request = client.PostAsync("/v1/models/bc/predict", new StringContent(body, Encoding.UTF8, "application/json"));
        await Task.Delay(300);
        server.Signal("TERM");
        var inFlightAtSigterm = !request.IsCompleted;
        using var response = await request;
        var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var exited = server.Process.WaitForExit(30_000);

        Assert.True(inFlightAtSigterm, "the request finished before SIGTERM was sent; send more rows");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(8000, answer.GetProperty("predictions").GetArrayLength());
        Assert.True(exited, "the server did not stop after SIGTERM");
        Assert.Equal(0, server.Process.ExitCode);
        var logged = MonitoringStore.Open(Path.Combine(files.Directory, ".ferry")).Recent("bc", 1, 10_000);
        Assert.Equal(answer.GetProperty("predictions").EnumerateArray().Select(p => p.GetProperty("id").GetString()).Order(), logged.Select(p => p.Id).Order());
    }

    /// <summary>For the drain after SIGTERM the readiness probes answer 503 while predictions are still answered, each
    /// with `Connection: close`; then the server exits 0.</summary>
    [Fact]
    public async Task Serve_SigtermWithADrain_ReportsNotReadyAndClosesConnectionsWhileStillAnswering()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        using var server = await ServeProcess.StartAsync(spec, "--drain", "3s");
        using (var before = await server.Client.PostAsync("/v1/models/iris/predict", Iris()))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
            Assert.False(before.Headers.ConnectionClose ?? false);
        }

        server.Signal("TERM");
        await Task.Delay(500);
        using var ready = await server.Client.GetAsync("/health/ready");
        using var v2Ready = await server.Client.GetAsync("/v2/health/ready");
        using var live = await server.Client.GetAsync("/health/live");
        using var prediction = await server.Client.PostAsync("/v1/models/iris/predict", Iris());
        var exited = server.Process.WaitForExit(30_000);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("The server is draining to stop.", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, v2Ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, prediction.StatusCode);
        Assert.True(prediction.Headers.ConnectionClose, "an answer during the drain did not close its connection");
        Assert.True(exited, "the server did not stop after its drain");
        Assert.Equal(0, server.Process.ExitCode);
    }

    /// <summary>A `--drain` that is not a duration is refused before the server starts, saying what is expected.</summary>
    [Theory]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("11m")]
    public async Task Serve_DrainNotADuration_IsAUserErrorSayingWhatIsExpected(string drain)
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");

        var result = await CliRunner.RunAsync("serve", spec, "--drain", drain);

        Assert.Equal(ExitCodes.UserError, result.ExitCode);
        Assert.Contains($"--drain is '{drain}' but must be a duration of at most 10m, such as 5s, 30s or 0s", result.Error);
    }

    private static StringContent Iris() => new(
        """{"rows": [{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}]}""", Encoding.UTF8, "application/json");
}
