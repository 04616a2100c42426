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
}
