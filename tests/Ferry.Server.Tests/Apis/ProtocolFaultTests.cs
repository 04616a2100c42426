using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Server.Apis;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Server.Tests.Apis;

/// <summary>A fault of Ferry's on a protocol's predict route (a JSON converter, registered for the test only, fails to
/// write the answer), answered through the shared exception handler in that protocol's error shape: MLflow's 500
/// INTERNAL_ERROR on `POST /invocations`, Open Inference's 500 <c>{"error"}</c> on `POST /v2/models/{name}/infer`; no
/// stack trace.</summary>
public sealed class ProtocolFaultTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private RunningServer? _server;

    public async Task InitializeAsync() =>
        _server = await RunningServer.TrainAndStartAsync(
            _files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }"),
            services: services => services.ConfigureHttpJsonOptions(options =>
            {
                options.SerializerOptions.Converters.Add(new FaultyAnswer<MlflowResponse>());
                options.SerializerOptions.Converters.Add(new FaultyAnswer<InferResponse>());
            }));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    [Fact]
    public async Task Invocations_FaultOfFerry_IsInternalErrorInMlflowShape()
    {
        var error = await FaultAsync("/invocations", """{"instances": [[5.1, 3.5, 1.4, 0.2]]}""");

        Assert.Equal("INTERNAL_ERROR", error.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Infer_FaultOfFerry_Is500InTheProtocolsErrorShape()
    {
        var error = await FaultAsync("/v2/models/iris/infer", """{"inputs": [{"name": "input0", "shape": [1, 4], "datatype": "FP32", "data": [5.1, 3.5, 1.4, 0.2]}]}""");

        Assert.Equal("an internal error of the server, logged with this answer's traceId", error.GetProperty("error").GetString());
    }

    /// <summary>The answer to <paramref name="body"/> on <paramref name="path"/>: a 500 as application/json that names no
    /// internal type.</summary>
    private async Task<JsonElement> FaultAsync(string path, string body)
    {
        using var response = await _server!.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("FaultyAnswer", error.ToString(), StringComparison.Ordinal);
        return error;
    }

    private sealed class FaultyAnswer<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            throw new InvalidOperationException("FaultyAnswer: the answer cannot be written");
    }
}
