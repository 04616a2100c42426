using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Server.Apis;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Server.Tests.Apis;

/// <summary>A fault of Ferry's on `POST /v2/models/{name}/infer` (a JSON converter, registered for the test only, fails
/// to write the answer), answered through the shared exception handler in the Open Inference protocol's shape: 500
/// with <c>{"error"}</c>, no stack trace.</summary>
public sealed class OpenInferenceFaultTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private RunningServer? _server;

    public async Task InitializeAsync() =>
        _server = await RunningServer.TrainAndStartAsync(
            _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }"),
            services: services => services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new FaultyAnswer())));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    [Fact]
    public async Task Infer_FaultOfFerry_Is500InTheProtocolsErrorShape()
    {
        using var response = await _server!.Client.PostAsync("/v2/models/iris/infer",
            new StringContent("""{"inputs": [{"name": "input0", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}""", Encoding.UTF8, "application/json"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("an internal error of the server, logged with this answer's traceId", error.GetProperty("error").GetString());
        Assert.DoesNotContain(nameof(FaultyAnswer), error.ToString(), StringComparison.Ordinal);
    }

    private sealed class FaultyAnswer : JsonConverter<InferResponse>
    {
        public override InferResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, InferResponse value, JsonSerializerOptions options) =>
            throw new InvalidOperationException($"{nameof(FaultyAnswer)}: the answer cannot be written");
    }
}
