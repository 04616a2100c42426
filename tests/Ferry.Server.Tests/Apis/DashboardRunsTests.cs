using Ferry.Core.Storage;
using Ferry.Testing;

namespace Ferry.Server.Tests.Apis;

/// <summary>The runs timeline of `GET /dashboard` over real HTTP, on runs written to the server's store.</summary>
public sealed class DashboardRunsTests : IAsyncLifetime
{
    private const string Key = "dashboard-runs-admin-key";
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TestFiles _files = new();
    private RunningServer? _server;

    private RunningServer Server => _server!;

    public async Task InitializeAsync() =>
        _server = await RunningServer.TrainAndStartAsync(_files.WriteSpec(TestFiles.Data("iris.csv"), "target", "multiclass-classification", "iris", "train: { candidates: [logistic] }"),
            new Dictionary<string, string> { ["AdminKey"] = Key });

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _files.Dispose();
    }

    [Fact]
    public async Task Dashboard_WithTwoRuns_ShowsEachNewestFirstWithItsTriggerStepsPValueAndReason()
    {
        await Server.JudgeAsync("iris", Key);
        var store = MonitoringStore.Open(_files.Path(".ferry"));
        var rejected = store.StartRun("iris", "schedule", 1, s_noon)!;
        store.SaveRun((rejected with { Challenger = 2 }).With(new RunStep(RunStages.Rejected, s_noon.AddMinutes(3),
            "v2 is not better than v1 on the recent labelled rows", 60, 0.9333, 0.9167, "mcnemar-exact", 1, 0.75)));
        var open = store.StartRun("iris", "accuracy_below", 1, s_noon.AddDays(1))!;
        store.SaveRun((open with { Challenger = 3 }).With(new RunStep(RunStages.Gate, s_noon.AddDays(1).AddMinutes(2),
            "waiting for labels: 12 of the 25 rows the test needs", 12, 0.75, 0.8333, "mcnemar-exact", 2, 0.5)));

        var runs = Runs(await Server.Client.GetStringAsync("/dashboard"));

        Assert.True(runs.IndexOf($"Run {open.Id}:", StringComparison.Ordinal) < runs.IndexOf($"Run {rejected.Id}:", StringComparison.Ordinal), runs);
        Assert.Contains($"Run {open.Id}: <span class=\"open\">gate (in progress)</span>", runs, StringComparison.Ordinal);
        Assert.Contains("Started 2026-12-02 12:00:00 UTC by accuracy_below; champion v1, challenger v3.", runs, StringComparison.Ordinal);
        Assert.Contains("<tr><td>retrain</td><td>2026-12-02 12:00:00</td><td></td><td></td><td></td><td></td><td></td><td></td><td>started by accuracy_below</td></tr>"
            + "<tr><td>gate</td><td>2026-12-02 12:02:00</td><td>12</td><td>0.75</td><td>0.8333</td><td>mcnemar-exact</td><td>2</td><td>0.5</td>"
            + "<td>waiting for labels: 12 of the 25 rows the test needs</td></tr>", runs, StringComparison.Ordinal);
        Assert.Contains($"Run {rejected.Id}: rejected</h3>", runs, StringComparison.Ordinal);
        Assert.Contains("<tr><td>rejected</td><td>2026-12-01 12:03:00</td><td>60</td><td>0.9333</td><td>0.9167</td><td>mcnemar-exact</td><td>1</td><td>0.75</td>"
            + "<td>v2 is not better than v1 on the recent labelled rows</td></tr>", runs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithAHostileReason_EscapesIt()
    {
        var store = MonitoringStore.Open(_files.Path(".ferry"));
        var run = store.StartRun("iris", "manual", 1, s_noon)!;
        store.SaveRun(run.With(new RunStep(RunStages.Failed, s_noon.AddMinutes(1), "the data source said <script>alert('x')</script> & stopped")));
        await Server.JudgeAsync("iris", Key);

        var runs = Runs(await Server.Client.GetStringAsync("/dashboard"));

        Assert.DoesNotContain("<script>", runs, StringComparison.Ordinal);
        Assert.Contains("<td>the data source said &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; stopped</td>", runs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_WithoutRuns_SaysSo()
    {
        await Server.JudgeAsync("iris", Key);

        var page = await Server.Client.GetStringAsync("/dashboard");

        Assert.Contains("<h2>Runs</h2><p>No runs yet.</p>", page, StringComparison.Ordinal);
    }

    /// <summary>The page's runs section, from its heading to the next one.</summary>
    private static string Runs(string page)
    {
        var start = page.IndexOf("<h2>Runs</h2>", StringComparison.Ordinal);
        Assert.True(start >= 0, page);
        var end = page.IndexOf("<h2>", start + 1, StringComparison.Ordinal);
        return page[start..end];
    }
}
