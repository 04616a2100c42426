using System.Diagnostics;
using System.Net;
using System.Text;
using Ferry.Testing;

namespace Ferry.Cli.Tests;

/// <summary>`ferry serve` and `ferry train` as their own processes, configured by the standard OTEL_* variables to send
/// OTLP over HTTP to a receiver on loopback; and without those variables, sending nothing.</summary>
public sealed class OpenTelemetryTests
{
    private const string Row = """{"sepal length (cm)": 5.9, "sepal width (cm)": 3.0, "petal length (cm)": 5.1, "petal width (cm)": 1.8}""";

    /// <summary>Each prediction request is one trace: ASP.NET Core's server span for the route, with Ferry's parse,
    /// featurize, predict and log spans under it; a batch too. Health probes are not traced; the service is named by
    /// OTEL_SERVICE_NAME; and the metrics (ASP.NET Core's and Ferry's predictions) come through the same pipeline.</summary>
    [Fact]
    public async Task Serve_WithAnOtlpEndpoint_ExportsEachPredictionsStepsUnderItsRequest()
    {
        using var files = new TestFiles();
        var spec = Iris(files);
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using var receiver = await OtlpReceiver.StartAsync();
        using var server = await ServeProcess.StartAsync(spec, Otlp(receiver.Url, "ferry-under-test"));

        using (var one = await server.Client.PostAsync("/v1/models/iris/predict", Json(Row)))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        using (var batch = await server.Client.PostAsync("/v1/models/iris/predict", Json($$"""{"rows": [{{Row}}, {{Row}}, {{Row}}]}""")))
        {
            Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        }

        var spans = await receiver.SpansAsync(all => all.Count(s => s.Name == "ferry.log") >= 2);
        var requests = spans.Where(s => s.Name == "POST /v1/models/{name}/predict").ToList();
        Assert.Equal(2, requests.Count);
        foreach (var request in requests)
        {
            var steps = spans.Where(s => s.ParentSpanId == request.SpanId).ToList();
            Assert.Equal(["ferry.featurize", "ferry.log", "ferry.parse", "ferry.predict"], steps.Select(s => s.Name).Order());
            Assert.All(steps, step => Assert.Equal(request.TraceId, step.TraceId));
            Assert.Equal("iris", request.Attributes["ferry.model"]);
            Assert.Equal("1", request.Attributes["ferry.version"]);
        }

        Assert.Equal(["1", "3"], spans.Where(s => s.Name == "ferry.parse").Select(s => s.Attributes["ferry.rows"]).Order());
        Assert.DoesNotContain(spans, s => s.Name.Contains("/health", StringComparison.Ordinal));
        Assert.All(spans, s => Assert.Equal("ferry-under-test", s.Resource["service.name"]));
        for (var attempt = 0; attempt < 100 && !receiver.MetricNames().Contains("ferry.predictions"); attempt++)
        {
            await Task.Delay(100);
        }

        Assert.Superset(new HashSet<string> { "ferry.predictions", "ferry.prediction.duration", "http.server.request.duration" }, receiver.MetricNames());
    }

    /// <summary>`ferry train` traces its run and each stage under it, and sends them before the process exits.</summary>
    [Fact]
    public async Task Train_WithAnOtlpEndpoint_ExportsItsStagesBeforeItExits()
    {
        using var files = new TestFiles();
        var spec = Iris(files);
        await using var receiver = await OtlpReceiver.StartAsync();
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ferry.dll"), "train", spec, "--json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in Otlp(receiver.Url, "ferry-train"))
        {
            start.Environment[name] = value;
        }

        using var train = Process.Start(start)!;
        var output = train.StandardOutput.ReadToEndAsync();
        Assert.True(train.WaitForExit(120_000), "ferry train did not finish");
        Assert.True(train.ExitCode == 0, await output + await train.StandardError.ReadToEndAsync());

        var spans = receiver.Spans();
        var run = Assert.Single(spans, s => s.Name == "ferry.train");
        Assert.Equal("iris", run.Attributes["ferry.model"]);
        Assert.Equal("1", run.Attributes["ferry.version"]);
        Assert.Equal("", run.ParentSpanId);
        var stages = spans.Where(s => s.ParentSpanId == run.SpanId).Select(s => s.Name);
        Assert.Equal(["ferry.train.load", "ferry.train.cross_validate", "ferry.train.refit", "ferry.train.test",
            "ferry.train.importance", "ferry.train.register", "ferry.train.report"], stages);
    }

    /// <summary>Without an OTLP endpoint nothing is sent, not even to OTLP's default address (localhost:4318 over
    /// HTTP), where an SDK registered anyway would send; with one but OTEL_SDK_DISABLED=true, nothing either.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Serve_WithoutAnOtlpEndpointOrDisabled_ExportsNothing(bool disabled)
    {
        using var files = new TestFiles();
        var spec = Iris(files);
        Assert.Equal(0, (await CliRunner.RunAsync("train", spec)).ExitCode);
        await using var receiver = await OtlpReceiver.StartAsync(disabled ? "http://127.0.0.1:0" : "http://localhost:4318");
        var variables = Otlp(receiver.Url, "ferry-off");
        if (disabled)
        {
            variables["OTEL_SDK_DISABLED"] = "true";
        }
        else
        {
            variables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        }

        using var server = await ServeProcess.StartAsync(spec, variables);
        for (var i = 0; i < 5; i++)
        {
            using var response = await server.Client.PostAsync("/v1/models/iris/predict", Json(Row));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await Task.Delay(2000);
        Assert.Empty(receiver.Exports);
    }

    private static string Iris(TestFiles files) =>
        files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");

    /// <summary>The variables an operator sets for a collector's OTLP/HTTP receiver, with short export delays.</summary>
    private static Dictionary<string, string> Otlp(string url, string service) => new()
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = url,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_SERVICE_NAME"] = service,
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
    };

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
