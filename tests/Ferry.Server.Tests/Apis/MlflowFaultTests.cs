using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Ferry.Server.Apis;
using Ferry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Ferry.Server.Tests.Apis;

/// <summary>A fault of Ferry's on `POST /invocations` (a JSON converter, registered for the test only, fails to write
/// the answer), answered through the shared exception handler in MLflow's shape: 500 INTERNAL_ERROR, no stack trace.</summary>
public sealed class MlflowFaultTests : IAsyncLifetime
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
    public async Task Invocations_FaultOfFerry_IsInternalErrorInMlflowShape()
    {
        using var response = await _server!.Client.PostAsync("/invocations", new StringContent("""{"instances": [[5.1, 3.5, 1.4, 0.2]]}""", Encoding.UTF8, "application/json"));
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("INTERNAL_ERROR", error.GetProperty("error_code").GetString());
        Assert.DoesNotContain(nameof(FaultyAnswer), error.ToString(), StringComparison.Ordinal);
    }

    private sealed class FaultyAnswer : JsonConverter<MlflowResponse>
    {
        public override MlflowResponse Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => throw new NotSupportedException();

        public override void Write(Utf8JsonWriter writer, MlflowResponse value, JsonSerializerOptions options) =>
            throw new InvalidOperationException($"{nameof(FaultyAnswer)}: the answer cannot be written");
    }
}
