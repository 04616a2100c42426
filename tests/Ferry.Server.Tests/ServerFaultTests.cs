using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Core.Storage;
using Ferry.Server.Apis;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ferry.Server.Tests;

/// <summary>A real fault of Ferry's, injected through a test-only service registration (a JSON converter that fails to
/// write the prediction answer), and a malformed body: what the client, /metrics, the monitoring log and the server's
/// log see.</summary>
public sealed class ServerFaultTests(ServerFaultTests.FaultyServer server) : IClassFixture<ServerFaultTests.FaultyServer>
{
    private const string Setosa = """{"sepal length (cm)": 5.1, "sepal width (cm)": 3.5, "petal length (cm)": 1.4, "petal width (cm)": 0.2}""";

    private static Task<HttpResponseMessage> PredictAsync(HttpClient client) =>
        client.PostAsync("/v1/models/iris/predict", new StringContent(Setosa, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Predict_FaultOfFerry_Is500Problem()
    {
        using var response = await PredictAsync(server.Server.Client);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.DoesNotContain("FaultyAnswer", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_FaultOfFerry_IsCountedAs500UnderItsEndpoint()
    {
        (await PredictAsync(server.Server.Client)).Dispose();

        var text = await server.Server.Client.GetStringAsync("/metrics");

        Assert.Matches(@"http_requests_received_total\{code=""500"",method=""POST"",controller="""",action="""",endpoint=""/v1/models/\{name\}/predict""\} [1-9]", text);
        Assert.DoesNotMatch(@"http_requests_received_total\{code=""200"",method=""POST""[^}]*endpoint=""/v1/models/\{name\}/predict""\}", text);
    }

    [Fact]
    public async Task Log_FaultOfFerry_IsOneErrorEntryWithTheStackTrace()
    {
        var before = server.Log.Entries.Count;

        (await PredictAsync(server.Server.Client)).Dispose();

        var entries = server.Log.Entries.Skip(before).Where(e => e.Level >= LogLevel.Warning).ToArray();
        var entry = Assert.Single(entries);
        Assert.Equal(LogLevel.Error, entry.Level);
        Assert.Equal(typeof(ProblemExceptionHandler).FullName, entry.Category);
        Assert.Contains(nameof(FaultyAnswer), entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_MalformedChunkedBody_HasNothingAtWarningOrAbove()
    {
        var before = server.Log.Entries.Count;
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Server.Client.BaseAddress!.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync("POST /v1/models/iris/predict HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"u8.ToArray());
        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Log.Entries.Skip(before), e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Monitoring_FaultOfFerry_IsLoggedAsAFailedRequest()
    {
        using var files = new TestFiles();
        var spec = files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }");
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        await using (var faulty = await RunningServer.TrainAndStartAsync(spec, services: FaultyServer.Inject(new LogCapture())))
        {
            (await PredictAsync(faulty.Client)).Dispose();
        }

        var health = Assert.Single(MonitoringStore.Open(Path.Combine(files.Directory, ".ferry")).Health("iris", since, DateTimeOffset.UtcNow.AddMinutes(1)));
        Assert.Equal(1, health.Errors);
    }

    /// <summary>Fails to write every prediction answer: a fault inside the server, after the prediction.</summary>
    public sealed class FaultyAnswer : JsonConverter<PredictionResponse>
    {
        public override PredictionResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, PredictionResponse value, JsonSerializerOptions options) =>
            throw new InvalidOperationException($"{nameof(FaultyAnswer)}: the answer cannot be written");
    }

    /// <summary>An iris server whose prediction answers fail, with its log captured.</summary>
    public sealed class FaultyServer : IAsyncLifetime
    {
        private readonly TestFiles _files = new();
        private RunningServer? _server;

        public RunningServer Server => _server!;

        public LogCapture Log { get; } = new();

        public static Action<IServiceCollection> Inject(LogCapture log) => services =>
        {
            services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new FaultyAnswer()));
            services.AddSingleton<ILoggerProvider>(log);
        };

        public async Task InitializeAsync() =>
            _server = await RunningServer.TrainAndStartAsync(
                _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }"), services: Inject(Log));

        public async Task DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            _files.Dispose();
        }
    }
}
