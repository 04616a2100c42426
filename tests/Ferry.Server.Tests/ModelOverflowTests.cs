using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Server.Tests;

/// <summary>Inputs each a float holds, and each finite once standardized, that still overflow the model's answer: a linear
/// regression of y = a + b + c (generated, a known answer) asked about three values near the float limit, whose sum no float holds.</summary>
public sealed class ModelOverflowTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private RunningServer? _server;

    public async Task InitializeAsync()
    {
        var random = new Random(11);
        var csv = new StringBuilder("a,b,c,y\n");
        for (var i = 0; i < 300; i++)
        {
            var (a, b, c) = (random.Next(10), random.Next(10), random.Next(10));
            csv.Append(CultureInfo.InvariantCulture, $"{a},{b},{c},{a + b + c}\n");
        }

        _files.Write("abc.csv", csv.ToString());
        _server = await RunningServer.TrainAndStartAsync(_files.Write("ferry.yaml", "name: abc\ntype: regression\ndata: { source: abc.csv }\ntarget: y\ntrain: { candidates: [linear] }\n"));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    [Fact]
    public async Task Predict_InputsThatOverflowTheAnswer_Is400NamingTheRow()
    {
        using var response = await _server!.Client.PostAsync("/v1/models/abc/predict",
            new StringContent("""{"rows": [{"a": 1, "b": 2, "c": 3}, {"a": 3.3e38, "b": 3.3e38, "c": 3.3e38}]}""", Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not finite", problem.GetProperty("errors").GetProperty("rows[1]")[0].GetString(), StringComparison.Ordinal);
    }
}
