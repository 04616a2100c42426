using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ferry.Testing;

namespace Ferry.Server.Tests.Apis;

/// <summary>A classifier's `POST /invocations` answer as MLflow's predictions_to_json writes one: each row's label as it
/// was trained, so labels trained as numbers (y in 0 and 1) answer as numbers and labels trained as text as strings.</summary>
public sealed class MlflowClassifierTests : IAsyncLifetime
{
    private readonly TestFiles _files = new();
    private RunningServer? _server;

    public async Task InitializeAsync()
    {
        var csv = new StringBuilder("x,colour,y\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 10},{(i % 10 >= 5 ? "red" : "blue")},{(i % 10 >= 5 ? 1 : 0)}\n");
        }

        _server = await RunningServer.TrainAndStartAsync(_files.WriteSpec(_files.Write("bin.csv", csv.ToString()), "y", "binary-classification", "bin",
            "train: { candidates: [logistic] }"));
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
    public async Task Invocations_NumericClassLabels_AnswerNumbers()
    {
        using var response = await _server!.Client.PostAsync("/invocations",
            new StringContent("""{"dataframe_split": {"columns": ["x", "colour"], "data": [[0, "blue"], [9, "red"]]}}""", Encoding.UTF8, "application/json"));
        var predictions = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([JsonValueKind.Number, JsonValueKind.Number], predictions.EnumerateArray().Select(p => p.ValueKind));
        Assert.Equal([0, 1], predictions.EnumerateArray().Select(p => p.GetInt32()));
    }

    /// <summary>Labels that read as numbers but are not written as numbers are ("01", "10" as codes) answer as the text
    /// they were trained as, as /predict answers them.</summary>
    [Fact]
    public async Task Invocations_CodesThatLookNumeric_AnswerTheirText()
    {
        using var files = new TestFiles();
        var csv = new StringBuilder("x,y\n");
        for (var i = 0; i < 200; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"{i % 10},{(i % 10 >= 5 ? "10" : "01")}\n");
        }

        await using var server = await RunningServer.TrainAndStartAsync(files.WriteSpec(files.Write("codes.csv", csv.ToString()), "y", "binary-classification", "codes",
            "train: { candidates: [logistic] }"));
        using var response = await server.Client.PostAsync("/invocations",
            new StringContent("""{"dataframe_split": {"columns": ["x"], "data": [[0], [9]]}}""", Encoding.UTF8, "application/json"));
        var predictions = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("predictions");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["01", "10"], predictions.EnumerateArray().Select(p => p.GetString()));
    }
}
