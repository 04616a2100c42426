using System.Net;
using System.Text.Json;
using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Server.Tests.Apis;

/// <summary>`GET /v1/models/{name}/runs` over real HTTP, on runs written to the server's store.</summary>
public sealed class RunsApiTests : IAsyncLifetime
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestFiles _files = new();
    private RunningServer? _server;

    private HttpClient Client => _server!.Client;

    public async Task InitializeAsync() =>
        _server = await RunningServer.TrainAndStartAsync(_files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }"));

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    [Fact]
    public async Task Runs_AfterTwoRuns_ListsThemNewestFirstWithTheOpenOnesStage()
    {
        var store = MonitoringStore.Open(_files.Path(".ferry"));
        var first = store.StartRun("iris", "accuracy_below", 1, s_noon)!;
        store.SaveRun((first with { Challenger = 2 }).With(new RunStep(RunStages.Rejected, s_noon.AddMinutes(4),
            "v2 is not better than v1 on the held-out rows", 60, 0.93, 0.92, "mcnemar-exact", 1, 0.75)));
        var second = store.StartRun("iris", "schedule", 1, s_noon.AddDays(1))!;

        var answer = JsonDocument.Parse(await Client.GetStringAsync("/v1/models/iris/runs")).RootElement;

        Assert.Equal("iris", answer.GetProperty("model").GetString());
        var runs = answer.GetProperty("runs").EnumerateArray().ToArray();
        Assert.Equal([second.Id, first.Id], runs.Select(run => run.GetProperty("id").GetInt64()));
        Assert.Equal(("schedule", "retrain", true), (runs[0].GetProperty("trigger").GetString(), runs[0].GetProperty("stage").GetString(), runs[0].GetProperty("isOpen").GetBoolean()));
        var rejected = runs[1].GetProperty("steps").EnumerateArray().Last();
        Assert.Equal(("rejected", "mcnemar-exact", 0.75, 60), (rejected.GetProperty("stage").GetString(), rejected.GetProperty("test").GetString(),
            rejected.GetProperty("pValue").GetDouble(), rejected.GetProperty("rows").GetInt32()));
    }

    [Fact]
    public async Task Runs_OfAModelNotServed_Is404NamingIt()
    {
        using var response = await Client.GetAsync("/v1/models/nope/runs");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("many")]
    [InlineData("1.5")]
    [InlineData("99999999999")]
    public async Task Runs_WithALimitOutOfRange_Is400NamingIt(string limit)
    {
        using var response = await Client.GetAsync($"/v1/models/iris/runs?limit={limit}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"limit must be a whole number from 1 to 500; got '{limit}'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
