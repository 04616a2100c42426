using System.Net;
using System.Text;
using System.Text.Json;

namespace Ferry.Server.Tests;

/// <summary>Inputs each a float holds, and each finite once standardized, that still overflow the model's answer: a linear
/// regression of y = a + b + c (generated, a known answer) asked about three values near the float limit, whose sum no float holds.</summary>
public sealed class ModelOverflowTests : IAsyncLifetime
{
    private SumModelServer? _model;

    public async Task InitializeAsync() => _model = await SumModelServer.StartAsync(seed: 11, rows: 300);

    public async Task DisposeAsync()
    {
        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }

    [Fact]
    public async Task Predict_InputsThatOverflowTheAnswer_Is400NamingTheRow()
    {
        using var response = await _model!.Server.Client.PostAsync("/v1/models/abc/predict",
            new StringContent("""{"rows": [{"a": 1, "b": 2, "c": 3}, {"a": 3.3e38, "b": 3.3e38, "c": 3.3e38}]}""", Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not finite", problem.GetProperty("errors").GetProperty("rows[1]")[0].GetString(), StringComparison.Ordinal);
    }
}
